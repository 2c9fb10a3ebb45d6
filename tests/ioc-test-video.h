/* ioc-test-video.h — what the video display tests share (IocVideo against
 * the simulated cameras of ioc-test-rtsp.h)
 */
#pragma once

#include "ioc-video.h"

G_BEGIN_DECLS

/* Runs the main context until @video is in @state (live: with a picture
 * too); aborts with the state and message it is in after @timeout_ms. */
void ioc_test_video_wait_state        (IocVideo      *video,
                                       IocVideoState  state,
                                       guint          timeout_ms);
/* The simulator's smpte100 pattern: seven full-height bars, white, yellow,
 * cyan, green, magenta, red and blue from left to right, each within
 * @tolerance of its colour half-way down the picture. */
void ioc_test_video_assert_colour_bars (GdkTexture   *texture,
                                       int           tolerance);
/* import -window root of the 1280×720 monitor @monitor into
 * IOC_SCREENSHOT_DIR/@name (nothing without IOC_SCREENSHOT_DIR). */
void ioc_test_video_screenshot        (const char    *name,
                                       int            monitor);

G_END_DECLS
