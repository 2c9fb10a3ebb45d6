/* ioc-conn-open311.h — what other programs (the simulator, tests) need to
 * know about the Open311 connector (ioc-conn-open311.c). */
#pragma once

/* Without `[open311] api-keys`, an iocd started with --demo accepts this
 * one key (client "demo-app") so that the demo's simulator can post;
 * outside the demo no key is valid until the config names some. */
#define IOC_OPEN311_DEMO_CLIENT "demo-app"
#define IOC_OPEN311_DEMO_KEY    "demo-open311-key-daklak-1022"

/* The longest page GET requests answers, and the widest date range it
 * searches (the spec's limits). */
#define IOC_OPEN311_MAX_PAGE    1000
#define IOC_OPEN311_MAX_DAYS    90
