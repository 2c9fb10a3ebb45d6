/* ioc-open311-format.h — Open311 GeoReport v2 documents in JSON and XML
 *
 * The connector builds every answer once, as JSON nodes whose object
 * members keep their order; this writes them in the format the client
 * asked for by the resource's suffix (.json or .xml). The XML is the
 * spec's schemaless form: <root><item><member>text</member>…</item></root>,
 * null as an empty element, an array member as <members><member>…</member>
 * </members> (the singular name is the plural without its final "s").
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  IOC_OPEN311_JSON,
  IOC_OPEN311_XML,
} IocOpen311Format;

/* "requests.json" → JSON and the base name "requests"; FALSE when the
 * suffix is neither .json nor .xml. @base may be NULL. */
gboolean    ioc_open311_split_format   (const char        *resource,
                                        char             **base,
                                        IocOpen311Format  *format);
const char *ioc_open311_content_type   (IocOpen311Format   format);

/* @node as the document: JSON as it is; XML with @root as the root
 * element, and, when @node is an array, @item for each element. */
GBytes     *ioc_open311_write          (JsonNode          *node,
                                        IocOpen311Format   format,
                                        const char        *root,
                                        const char        *item);

/* The spec's error document: [{"code":N,"description":"…"}] or
 * <errors><error><code>N</code><description>…</description></error></errors>. */
GBytes     *ioc_open311_write_error    (guint              code,
                                        const char        *description,
                                        IocOpen311Format   format);

G_END_DECLS
