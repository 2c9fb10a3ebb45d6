/* ioc-json.c — JSON writer, parser wrapper, time and name codecs */
#include "ioc-json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

G_DEFINE_QUARK (ioc-json-error-quark, ioc_json_error)

static void write_node (GString *out, JsonNode *node);

void
ioc_json_append_int (GString *out,
                     gint64   v)
{
  char buf[24], *p = buf + sizeof buf;
  guint64 u = v < 0 ? -(guint64) v : (guint64) v;

  do
    *--p = (char) ('0' + u % 10);
  while ((u /= 10) != 0);
  if (v < 0)
    *--p = '-';
  g_string_append_len (out, p, buf + sizeof buf - p);
}

void
ioc_json_append_string (GString    *out,
                        const char *s)
{
  g_autofree char *valid = NULL;

  /* JSON-GLib reads "\777" in a string as the byte 0xff (GScanner's
   * octal escapes), so a parsed string need not be UTF-8 although its
   * input was (found by fuzz-soc-line): what goes out always is. */
  if (!g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

void
ioc_json_append_double (GString *out,
                        double   d)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (d))
    {
      /* JSON has no NaN or infinity. */
      g_string_append (out, "null");
      return;
    }
  /* Shortest of %.15g..%.17g that reads back exactly. */
  for (int prec = 15; prec <= 17; prec++)
    {
      g_ascii_formatd (buf, sizeof buf, prec == 15 ? "%.15g" : prec == 16 ? "%.16g" : "%.17g", d);
      if (g_ascii_strtod (buf, NULL) == d)
        break;
    }
  g_string_append (out, buf);
  /* Keep it a JSON number that reads back as a double. */
  if (strpbrk (buf, ".eEn") == NULL)
    g_string_append (out, ".0");
}

static void
write_node (GString  *out,
            JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          ioc_json_append_string (out, json_node_get_string (node));
          break;
        case G_TYPE_INT64:
          ioc_json_append_int (out, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          ioc_json_append_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        default:
          g_string_append (out, "null");
        }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *a = json_node_get_array (node);
        guint n = json_array_get_length (a);
        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            write_node (out, json_array_get_element (a, i));
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_OBJECT:
      {
        JsonObject *o = json_node_get_object (node);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, o);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            ioc_json_append_string (out, name);
            g_string_append_c (out, ':');
            write_node (out, member);
          }
        g_string_append_c (out, '}');
      }
      break;
    }
}

char *
ioc_json_to_string (JsonNode *node)
{
  GString *out = g_string_sized_new (256);

  g_return_val_if_fail (node != NULL, NULL);
  write_node (out, node);
  return g_string_free (out, FALSE);
}

char *
ioc_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  return ioc_json_to_string (node);
}

JsonNode *
ioc_json_parse (const char  *data,
                gssize       length,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length < 0)
    length = strlen (data);
  if (length == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "empty body, expected JSON");
      return NULL;
    }
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "body is not valid UTF-8");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* json-glib quotes the offending token cut at a byte count, which
       * can split a UTF-8 sequence ("Ngã s\xc3"): the error goes out as
       * JSON, so it must be valid UTF-8 (found by fuzz-import-cameras). */
      g_autofree char *valid = g_utf8_make_valid (local_error->message, -1);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "malformed JSON: %s", valid);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "empty JSON document");
      return NULL;
    }
  return json_node_copy (root);
}

GTimeZone *
ioc_time_zone_local (void)
{
  static GTimeZone *tz;

  if (g_once_init_enter (&tz))
    {
      /* Fixed offset: the province has no DST, and a missing tzdata must not
       * shift every deadline by seven hours. */
      g_once_init_leave (&tz, g_time_zone_new_identifier ("+07:00"));
    }
  return tz;
}

void
ioc_time_append (GString *out,
                 gint64   unix_seconds)
{
  time_t t = (time_t) unix_seconds;
  struct tm tm;

  /* gmtime_r: this runs for every time column of every listed row. */
  if (gmtime_r (&t, &tm) == NULL)
    {
      g_string_append (out, "1970-01-01T00:00:00Z");
      return;
    }
  if (tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999)
    {
      g_string_append_printf (out, "%04d-%02d-%02dT%02d:%02d:%02dZ",
                              tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                              tm.tm_hour, tm.tm_min, tm.tm_sec);
      return;
    }
  /* By hand: printf was a tenth of the SOC ingest's event text. */
  {
    int year = tm.tm_year + 1900;
    char buf[20] = {
      '0' + year / 1000, '0' + year / 100 % 10, '0' + year / 10 % 10, '0' + year % 10, '-',
      '0' + (tm.tm_mon + 1) / 10, '0' + (tm.tm_mon + 1) % 10, '-',
      '0' + tm.tm_mday / 10, '0' + tm.tm_mday % 10, 'T',
      '0' + tm.tm_hour / 10, '0' + tm.tm_hour % 10, ':',
      '0' + tm.tm_min / 10, '0' + tm.tm_min % 10, ':',
      '0' + tm.tm_sec / 10, '0' + tm.tm_sec % 10, 'Z',
    };
    g_string_append_len (out, buf, sizeof buf);
  }
}

char *
ioc_time_format (gint64 unix_seconds)
{
  GString *out = g_string_sized_new (24);
  ioc_time_append (out, unix_seconds);
  return g_string_free (out, FALSE);
}

gboolean
ioc_time_parse (const char *text,
                GTimeZone  *default_tz,
                gint64     *out)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  GTimeZone *tz = default_tz != NULL ? default_tz : utc;
  char *end = NULL;
  gint64 n;
  size_t len;

  if (text == NULL || *text == '\0')
    return FALSE;

  len = strlen (text);
  /* Plain Unix seconds. */
  n = g_ascii_strtoll (text, &end, 10);
  if (end != NULL && *end == '\0' && len < 12 && text[0] != '+')
    {
      *out = n;
      return TRUE;
    }

  /* yyyy-mm-dd */
  if (len == 10 && text[4] == '-' && text[7] == '-')
    {
      int y, m, d;
      char extra;
      if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3)
        return FALSE;
      dt = g_date_time_new (tz, y, m, d, 0, 0, 0);
    }
  else
    {
      /* Accept a space instead of the T, as CSV exports often write. */
      g_autofree char *copy = g_strdup (text);
      if (len > 10 && copy[10] == ' ')
        copy[10] = 'T';
      dt = g_date_time_new_from_iso8601 (copy, tz);
    }
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

static gboolean
member_node (JsonObject  *object,
             const char  *member,
             gboolean     required,
             JsonNode   **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, IOC_JSON_ERROR, IOC_JSON_ERROR_MISSING, "%s is required", member);
          return FALSE;
        }
      return TRUE;
    }
  *out = node;
  return TRUE;
}

gboolean
ioc_json_get_string (JsonObject  *object,
                     const char  *member,
                     gboolean     required,
                     const char **out,
                     GError     **error)
{
  JsonNode *node;

  if (!member_node (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, IOC_JSON_ERROR, IOC_JSON_ERROR_TYPE, "%s must be a string", member);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
ioc_json_get_int (JsonObject  *object,
                  const char  *member,
                  gboolean     required,
                  gint64      *out,
                  GError     **error)
{
  JsonNode *node;

  if (!member_node (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, IOC_JSON_ERROR, IOC_JSON_ERROR_TYPE, "%s must be an integer", member);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
ioc_json_get_double (JsonObject  *object,
                     const char  *member,
                     gboolean     required,
                     double      *out,
                     GError     **error)
{
  JsonNode *node;
  GType t;

  if (!member_node (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  t = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (t == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else if (t == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else
    {
      g_set_error (error, IOC_JSON_ERROR, IOC_JSON_ERROR_TYPE, "%s must be a number", member);
      return FALSE;
    }
  if (!isfinite (*out))
    {
      g_set_error (error, IOC_JSON_ERROR, IOC_JSON_ERROR_VALUE, "%s must be finite", member);
      return FALSE;
    }
  return TRUE;
}

/* Vietnamese has two conventions for where the tone mark sits in
 * "oa", "oe", "uy" (hoà / hòa, thuỷ / thủy). Normalising moves it to the
 * second vowel of the pair, after NFD decomposition. */
static gboolean
is_tone_mark (gunichar c)
{
  return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}

char *
ioc_name_normalize (const char *name)
{
  g_autofree char *nfd = NULL;
  g_autofree char *folded = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree gunichar *chars = NULL;
  glong n = 0;
  gboolean space = FALSE;

  if (name == NULL)
    return g_strdup ("");
  if (!g_utf8_validate (name, -1, NULL))
    return g_strdup ("");

  folded = g_utf8_casefold (name, -1);
  nfd = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  chars = g_utf8_to_ucs4_fast (nfd, -1, &n);

  /* Move a tone mark from o/u onto the following a/e/y: "o\u0300a" → "oa\u0300". */
  for (glong i = 0; i + 2 < n; i++)
    {
      if ((chars[i] == 'o' && (chars[i + 2] == 'a' || chars[i + 2] == 'e')) ||
          (chars[i] == 'u' && chars[i + 2] == 'y'))
        {
          if (is_tone_mark (chars[i + 1]))
            {
              gunichar mark = chars[i + 1];
              chars[i + 1] = chars[i + 2];
              chars[i + 2] = mark;
            }
        }
    }

  out = g_string_new (NULL);
  for (glong i = 0; i < n; i++)
    {
      gunichar c = chars[i];

      if (c == 0x2019 || c == 0x2018 || c == 0x02BC || c == '`' || c == 0x00B4)
        c = '\'';
      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          space = FALSE;
        }
      g_string_append_unichar (out, c);
    }
  return g_utf8_normalize (out->str, -1, G_NORMALIZE_NFC);
}
