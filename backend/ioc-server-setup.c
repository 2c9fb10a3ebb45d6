/* ioc-server-setup.c — which modules the server is made of
 *
 * Order matters: the first route that matches a path wins, so specific
 * routes (/api/v1/reports/overdue) come before the generic collection
 * routes (/api/v1/reports/{id}).
 */
#include "ioc-server-private.h"

gboolean
ioc_server_setup (IocServer  *self,
                  GError    **error)
{
  ioc_server_install (self);
  ioc_api_system_register (self);
  ioc_api_users_register (self);
  ioc_api_reports_register (self);
  ioc_api_alerts_register (self);
  ioc_api_cameras_register (self);
  ioc_api_tickets_register (self);
  ioc_api_tiles_register (self);
  ioc_api_briefing_register (self);
  /* Connectors (ioc-connector.h) add their own routes: after the built-in
   * specific ones, before the generic collections. */
  if (!ioc_server_start_connectors (self, error))
    return FALSE;
  ioc_api_collections_register (self);
  self->stream = ioc_stream_new (self);
  return TRUE;
}
