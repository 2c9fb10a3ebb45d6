/* ioc-api-actions.h — building blocks of state-changing handlers */
#pragma once

#include "ioc-api.h"

G_BEGIN_DECLS

/* The row named by the route's {id}; a 404 error when missing. */
JsonObject *ioc_action_load          (IocRequest         *req,
                                      const IocEntity    *entity,
                                      GError            **error);
/* A 409 error naming @column unless its value is one of @allowed. */
gboolean    ioc_action_require_state (JsonObject         *row,
                                      const char         *column,
                                      const char *const  *allowed,
                                      const char         *action,
                                      GError            **error);
/* Updates the {id} row with @changes, audits @before and the new row,
 * emits @event_type with the new row and answers with it. */
gboolean    ioc_action_apply         (IocRequest         *req,
                                      const IocEntity    *entity,
                                      JsonObject         *before,
                                      JsonObject         *changes,
                                      const char         *event_type,
                                      GError            **error);
/* String members of a request body, with a length limit. */
gboolean    ioc_action_optional_text (JsonObject         *body,
                                      const char         *member,
                                      gsize               max_len,
                                      const char        **out,
                                      GError            **error);
gboolean    ioc_action_required_text (JsonObject         *body,
                                      const char         *member,
                                      gsize               max_len,
                                      const char        **out,
                                      GError            **error);

G_END_DECLS
