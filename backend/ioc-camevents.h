/* ioc-camevents.h — camera AI events (generic JSON and Frigate), normalised
 *
 * Two shapes, auto-detected:
 *  - generic: { camera_id, kind, time, label, confidence, plate,
 *    snapshot_url, zones } with kind one of red_light · crowd · intrusion ·
 *    congestion · plate; time ISO 8601 or unix seconds (default: now).
 *  - Frigate: an MQTT `frigate/events` payload { type: new|update|end,
 *    before, after } (0.8 … 0.17 shapes), or one event object of Frigate's
 *    GET /api/events (id, camera, label, start_time, end_time, top_score
 *    at top level (≤0.12) or under data (0.13+)).
 *    Keyed by (source "frigate", external_id = after.id): new → insert,
 *    update → update the row (insert if missed), end → set end_time.
 *
 * Frigate label → kind (zone names, lower-cased, decide first):
 *    any zone containing "red_light" or "den_do"   → red_light
 *    any zone containing "congestion" or "ket_xe"  → congestion
 *    any zone containing "crowd"                   → crowd
 *    label person (restricted zone or none)        → intrusion
 *    car, truck, bus, motorcycle, license_plate    → plate
 *    any other label (dog, bird, …)                → rejected (not an IOC kind)
 *  "Many persons" cannot be told from one Frigate track; crowd comes from a
 *  zone the operator names crowd_* (Frigate's zone occupancy), or from a
 *  generic event. confidence = top_score, else score, else data.top_score;
 *  plate = recognized_license_plate (string or [plate, score]) or, for
 *  vehicle labels, sub_label; snapshot_url = "/api/events/<id>/snapshot.jpg"
 *  on the Frigate server when has_snapshot; zones = entered_zones ∪
 *  current_zones; time = start_time, end_time when ended (unix floats).
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  IOC_CAMEVENT_NEW,      /* insert (generic events are always new) */
  IOC_CAMEVENT_UPDATE,   /* update the row with (source, external_id), or insert */
  IOC_CAMEVENT_END,      /* as UPDATE, with end_time */
} IocCamEventAction;

/* Parses one event (a JSON object). On success *out_row is a row for the
 * camera_events collection (camera_id, kind, label, time, end_time,
 * confidence, plate, snapshot_url, zones, source, external_id — those
 * known). The one entry point of the parser, as a fuzzer calls it. */
gboolean ioc_camevent_parse        (const char         *data,
                                    gsize               len,
                                    JsonObject        **out_row,
                                    IocCamEventAction  *out_action,
                                    GError            **error);
/* The same on an already parsed object. */
gboolean ioc_camevent_parse_object (JsonObject         *o,
                                    JsonObject        **out_row,
                                    IocCamEventAction  *out_action,
                                    GError            **error);

G_END_DECLS
