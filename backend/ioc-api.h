/* ioc-api.h — helpers shared by the API modules */
#pragma once

#include "ioc-server.h"

G_BEGIN_DECLS

/* Builds a store query from the request's query string: limit, offset,
 * sort, q, from, to, include and the entity's filterable columns. Any other
 * parameter is an error unless listed in @extra_params. */
IocQuery *ioc_request_build_query (IocRequest         *req,
                                   const IocEntity    *entity,
                                   const char *const  *extra_params,
                                   GError            **error);
gboolean  ioc_api_respond_list    (IocRequest         *req,
                                   const IocEntity    *entity,
                                   IocQuery           *query,
                                   GError            **error);
/* {seq, type, time, data} as the stream sends it. */
JsonNode *ioc_event_to_node       (const IocEvent     *event);
/* Appends an event "<entity>.<verb>" whose data is @row (referenced). */
gboolean  ioc_api_emit            (IocRequest         *req,
                                   const char         *type,
                                   JsonObject         *row,
                                   GError            **error);

G_END_DECLS
