/* ioc-metrics.h — counters for GET /metrics (Prometheus text format 0.0.4) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _IocMetrics IocMetrics;

IocMetrics *ioc_metrics_new              (void);
void        ioc_metrics_free             (IocMetrics *self);
void        ioc_metrics_observe_request  (IocMetrics *self,
                                          const char *route,
                                          const char *method,
                                          guint       status,
                                          double      seconds);
void        ioc_metrics_count_event      (IocMetrics *self,
                                          const char *type);
void        ioc_metrics_set_consoles     (IocMetrics *self,
                                          guint       n);
void        ioc_metrics_count_dropped    (IocMetrics *self);
/* Appends the text exposition; @extra_gauges writes per-source lines. */
void        ioc_metrics_write            (IocMetrics *self,
                                          GString    *out);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocMetrics, ioc_metrics_free)

G_END_DECLS
