/* ioc-sim.h — the data simulator's common parts
 *
 * ioc-sim drives every connector of iocd through its real interface: it
 * signs in like any client, then each source's driver (one file each:
 * ioc-sim-open311.c, ioc-sim-soc.c, ioc-sim-camevents.c, ioc-sim-drops.c,
 * ioc-sim-rtsp.c) produces items at its rate and sends them as the real
 * source would (Open311 form posts, EVE and Wazuh batches, Frigate and
 * generic camera events, CSV files dropped into the import folder, RTSP
 * cameras that go dark and come back).
 *
 * Repeatable: every driver draws what it sends from its own generator
 * seeded from --seed, and when it sends from another one, so that two runs
 * with the same seed send the same items in the same order (only their
 * times differ).
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _IocSim IocSim;
typedef struct _IocSimDriver IocSimDriver;

/* What a driver counts; the summary prints them. */
typedef struct {
  guint64 sent;      /* requests or files sent */
  guint64 ok;        /* accepted (2xx, or the file renamed into place) */
  guint64 failed;
  guint64 items;     /* reports, alert lines, events, rows */
  guint64 skipped;   /* not sent: too many requests still in flight */
} IocSimStats;

struct _IocSimDriver {
  const char  *name;
  /* Items per hour at --rate-scale 1 (the driver's option may change it);
   * 0 = the driver has no schedule of its own. */
  double       per_hour;
  /* Reads what it needs from iocd (sync, before the run); FALSE with
   * @error stops the simulator; *enabled FALSE leaves it out. */
  gboolean   (*prepare) (IocSim       *sim,
                         IocSimDriver *driver,
                         gboolean     *enabled,
                         GError      **error);
  /* Makes and sends one item (asynchronously). */
  void       (*fire)    (IocSim       *sim,
                         IocSimDriver *driver);
  /* Called once when the run ends (stop children, flush). */
  void       (*finish)  (IocSim       *sim,
                         IocSimDriver *driver);
  /* The driver's own, set by prepare. */
  gpointer     state;
  GDestroyNotify state_free;
  /* Set by the simulator. */
  GRand       *rand;      /* what to send: seeded from --seed and the driver */
  GRand       *clock;     /* when to send */
  IocSimStats  stats;
  guint        in_flight;
  guint        timer_id;
};

typedef struct {
  char    *server;          /* "http://127.0.0.1:8088" */
  char    *user;
  char    *password;
  char    *open311_key;
  double   rate_scale;
  guint    duration_s;      /* 0 = until a signal */
  guint32  seed;
  double   reports_per_hour;
  double   soc_batches_per_hour;
  guint    soc_batch_lines;
  double   camera_events_per_hour;
  char    *drop_dir;        /* NULL: no file drops */
  guint    drop_interval_s;
  gboolean rtsp;
  int      rtsp_port;       /* -1: the registry's */
  char    *rtsp_bin;
  double   outages_per_hour;
  gboolean verbose;
} IocSimOptions;

struct _IocSim {
  IocSimOptions  opt;
  SoupSession   *session;
  char          *token;
  char          *today;      /* yyyy-mm-dd in the province */
  GMainLoop     *loop;
  GPtrArray     *drivers;    /* IocSimDriver* */
  gboolean       stopping;
  GCancellable  *cancellable;
};

/* ---- HTTP (ioc-sim.c) ---- */

/* A synchronous GET of iocd's JSON (before the run only). */
JsonNode   *ioc_sim_get_json    (IocSim        *sim,
                                 const char    *path,
                                 GError       **error);

typedef void (*IocSimDone) (IocSim       *sim,
                            IocSimDriver *driver,
                            guint         status,
                            GBytes       *answer,
                            gpointer      user_data);

/* POSTs @body to @path with the session's token; counts it in @driver's
 * stats (sent, then ok or failed) and calls @done (may be NULL) on the
 * main loop. Skips (and counts) when too many of the driver's requests are
 * still out. */
void        ioc_sim_post        (IocSim        *sim,
                                 IocSimDriver  *driver,
                                 const char    *path,
                                 const char    *content_type,
                                 GBytes        *body,
                                 guint          items,
                                 IocSimDone     done,
                                 gpointer       user_data);

/* ---- helpers for drivers (ioc-sim.c) ---- */

/* An element of @items (NULL-terminated or @n long) chosen with @r. */
#define IOC_SIM_PICK(r, array) ((array)[g_rand_int_range ((r), 0, (gint32) G_N_ELEMENTS (array))])
/* A normal variate (Box–Muller). */
double      ioc_sim_gauss       (GRand         *r);
/* A Vietnamese person's name and a mobile number. */
char       *ioc_sim_person_name (GRand         *r);
char       *ioc_sim_phone       (GRand         *r);
/* The current time as ISO 8601 in the province's offset, with
 * microseconds when @micro ("2026-11-24T08:30:00.123456+0700" as Suricata
 * writes it when @compact_zone). */
char       *ioc_sim_now_iso     (gboolean       micro,
                                 gboolean       compact_zone);
/* Days → the simulator's pace: @seconds divided by --rate-scale, at least 1 s. */
guint       ioc_sim_scaled      (IocSim        *sim,
                                 guint          seconds);
void        ioc_sim_log         (IocSim        *sim,
                                 const char    *format,
                                 ...) G_GNUC_PRINTF (2, 3);

/* ---- the drivers ---- */

extern IocSimDriver ioc_sim_driver_open311;
extern IocSimDriver ioc_sim_driver_soc;
extern IocSimDriver ioc_sim_driver_camevents;
extern IocSimDriver ioc_sim_driver_drops;
extern IocSimDriver ioc_sim_driver_rtsp;

G_END_DECLS
