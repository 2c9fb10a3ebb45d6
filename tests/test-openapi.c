/* test-openapi.c — data/openapi.yaml documents exactly the routes iocd registers */
#include "ioc-server.h"
#include "ioc-store-sqlite.h"

#include <glib/gstdio.h>
#include <string.h>
#include <yaml.h>

static yaml_node_t *
map_get (yaml_document_t *doc,
         yaml_node_t     *map,
         const char      *key)
{
  if (map == NULL || map->type != YAML_MAPPING_NODE)
    return NULL;
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++)
    {
      yaml_node_t *k = yaml_document_get_node (doc, p->key);
      if (k->type == YAML_SCALAR_NODE && strcmp ((const char *) k->data.scalar.value, key) == 0)
        return yaml_document_get_node (doc, p->value);
    }
  return NULL;
}

/* "GET /api/v1/reports" for every documented operation. */
static GHashTable *
documented_operations (void)
{
  static const char *const methods[] = { "get", "post", "put", "patch", "delete", NULL };
  g_autofree char *path = g_build_filename (g_getenv ("IOC_SOURCE_DIR"), "data", "openapi.yaml", NULL);
  GHashTable *ops = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  yaml_parser_t parser;
  yaml_document_t doc;
  yaml_node_t *paths;
  FILE *f = fopen (path, "rb");

  g_assert_nonnull (f);
  g_assert_true (yaml_parser_initialize (&parser));
  yaml_parser_set_input_file (&parser, f);
  if (!yaml_parser_load (&parser, &doc))
    g_error ("%s: %s at line %zu", path, parser.problem, parser.problem_mark.line + 1);
  paths = map_get (&doc, yaml_document_get_root_node (&doc), "paths");
  g_assert_nonnull (paths);
  for (yaml_node_pair_t *p = paths->data.mapping.pairs.start; p < paths->data.mapping.pairs.top; p++)
    {
      yaml_node_t *k = yaml_document_get_node (&doc, p->key);
      yaml_node_t *item = yaml_document_get_node (&doc, p->value);
      for (guint m = 0; methods[m] != NULL; m++)
        if (map_get (&doc, item, methods[m]) != NULL)
          {
            g_autofree char *upper = g_ascii_strup (methods[m], -1);
            g_hash_table_add (ops, g_strdup_printf ("%s %s", upper, (const char *) k->data.scalar.value));
          }
    }
  yaml_document_delete (&doc);
  yaml_parser_delete (&parser);
  fclose (f);
  return ops;
}

static void
test_routes_documented (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ioc-openapi-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "o.db", NULL);
  g_autoptr(IocStore) store = ioc_sqlite_store_open (db, &error);
  g_autoptr(IocConfig) config = ioc_config_new ();
  IocServer *server = ioc_server_new (config, store, &error);
  g_autoptr(GHashTable) documented = documented_operations ();
  g_autoptr(GHashTable) registered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *routes = ioc_server_get_routes (server);
  GHashTableIter iter;
  gpointer key;
  guint missing = 0, extra = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < routes->len; i++)
    {
      const IocRoute *r = g_ptr_array_index (routes, i);
      char *op = g_strdup_printf ("%s %s", r->method, r->pattern);
      if (!g_hash_table_contains (documented, op))
        {
          g_printerr ("not in data/openapi.yaml: %s\n", op);
          missing++;
        }
      g_hash_table_add (registered, op);
    }
  /* The WebSocket is served by its own libsoup handler, not the route table. */
  g_hash_table_add (registered, g_strdup ("GET /api/v1/stream"));

  g_hash_table_iter_init (&iter, documented);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (registered, key))
      {
        g_printerr ("documented but not served: %s\n", (const char *) key);
        extra++;
      }
  g_assert_cmpuint (missing, ==, 0);
  g_assert_cmpuint (extra, ==, 0);
  g_assert_cmpuint (routes->len, >, 40);

  ioc_server_free (server);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (db); g_unlink (wal); g_unlink (shm); g_rmdir (dir);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/openapi/routes-documented", test_routes_documented);
  return g_test_run ();
}
