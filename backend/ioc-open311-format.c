/* ioc-open311-format.c — see ioc-open311-format.h */
#include "ioc-open311-format.h"
#include "ioc-json.h"

#include <string.h>

gboolean
ioc_open311_split_format (const char        *resource,
                          char             **base,
                          IocOpen311Format  *format)
{
  const char *dot = resource != NULL ? strrchr (resource, '.') : NULL;

  if (dot == NULL || dot == resource)
    return FALSE;
  if (strcmp (dot, ".json") == 0)
    *format = IOC_OPEN311_JSON;
  else if (strcmp (dot, ".xml") == 0)
    *format = IOC_OPEN311_XML;
  else
    return FALSE;
  if (base != NULL)
    *base = g_strndup (resource, dot - resource);
  return TRUE;
}

const char *
ioc_open311_content_type (IocOpen311Format format)
{
  /* As the spec writes them (Format Support). */
  return format == IOC_OPEN311_XML ? "text/xml; charset=utf-8" : "application/json; charset=utf-8";
}

static void
indent (GString *out,
        guint    depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

/* Escaped text; the control characters XML 1.0 cannot carry at all
 * (anything below U+0020 but tab, newline and return) are left out. */
static void
append_text (GString    *out,
             const char *text)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  g_autofree char *escaped = NULL;

  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r')
      g_string_append_c (clean, *p);
  escaped = g_markup_escape_text (clean->str, -1);
  g_string_append (out, escaped);
}

static char *
singular (const char *plural)
{
  gsize n = strlen (plural);

  if (n > 1 && plural[n - 1] == 's')
    return g_strndup (plural, n - 1);
  return g_strdup (plural);
}

static void write_element (GString *out, const char *name, JsonNode *node, guint depth);

static void
write_children (GString  *out,
                JsonNode *node,
                const char *item,
                guint     depth)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (a); i++)
        write_element (out, item, json_array_get_element (a, i), depth);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &member, &value))
        write_element (out, member, value, depth);
    }
}

static void
write_element (GString    *out,
               const char *name,
               JsonNode   *node,
               guint       depth)
{
  indent (out, depth);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_string_append_printf (out, "<%s/>", name);
      return;
    }
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      g_string_append_printf (out, "<%s>", name);
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          append_text (out, json_node_get_string (node));
          break;
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          ioc_json_append_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        default:
          break;
        }
      g_string_append_printf (out, "</%s>", name);
      return;
    }
  {
    g_autofree char *item = singular (name);
    gboolean empty = JSON_NODE_HOLDS_ARRAY (node) ? json_array_get_length (json_node_get_array (node)) == 0
                                                  : json_object_get_size (json_node_get_object (node)) == 0;
    if (empty)
      {
        g_string_append_printf (out, "<%s/>", name);
        return;
      }
    g_string_append_printf (out, "<%s>", name);
    write_children (out, node, item, depth + 1);
    indent (out, depth);
    g_string_append_printf (out, "</%s>", name);
  }
}

GBytes *
ioc_open311_write (JsonNode         *node,
                   IocOpen311Format  format,
                   const char       *root,
                   const char       *item)
{
  GString *out;

  if (format == IOC_OPEN311_JSON)
    {
      char *text = ioc_json_to_string (node);
      return g_bytes_new_take (text, strlen (text));
    }
  out = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
  g_string_append_printf (out, "<%s>", root);
  write_children (out, node, item, 1);
  g_string_append_printf (out, "\n</%s>\n", root);
  return g_string_free_to_bytes (out);
}

GBytes *
ioc_open311_write_error (guint             code,
                         const char       *description,
                         IocOpen311Format  format)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *errors = json_array_new ();
  JsonObject *e = json_object_new ();

  json_object_set_int_member (e, "code", code);
  json_object_set_string_member (e, "description", description);
  json_array_add_object_element (errors, e);
  json_node_take_array (node, errors);
  return ioc_open311_write (node, format, "errors", "error");
}
