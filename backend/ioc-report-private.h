/* ioc-report-private.h — what the weekly report's PDF and CSV share */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ---- figures access (ioc-briefing.h) --------------------------------- */

static inline JsonObject *
obj (JsonObject *o,
     const char *member)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, member) : NULL;

  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static inline JsonArray *
arr (JsonObject *o,
     const char *member)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, member) : NULL;

  return n != NULL && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

static inline gboolean
num (JsonObject *o,
     const char *member,
     gint64     *out)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, member) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) == G_TYPE_STRING)
    return FALSE;
  *out = json_node_get_int (n);
  return TRUE;
}

static inline gboolean
real (JsonObject *o,
      const char *member,
      double     *out)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, member) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) == G_TYPE_STRING)
    return FALSE;
  *out = json_node_get_double (n);
  return TRUE;
}

static inline const char *
str (JsonObject *o,
     const char *member)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, member) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

G_END_DECLS
