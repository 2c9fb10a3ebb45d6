/* ioc-users.c — user accounts */
#include "ioc-users.h"
#include "ioc-auth.h"

#include <string.h>

gboolean
ioc_user_name_is_valid (const char *name)
{
  size_t n = name != NULL ? strlen (name) : 0;

  if (n == 0 || n > 64)
    return FALSE;
  for (size_t i = 0; i < n; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '.' && name[i] != '-' && name[i] != '_')
      return FALSE;
  return TRUE;
}

gboolean
ioc_user_password_is_valid (const char *password)
{
  return password != NULL && g_utf8_validate (password, -1, NULL) &&
         g_utf8_strlen (password, -1) >= 8 && strlen (password) <= 1024;
}

char *
ioc_user_find (IocStore   *store,
               const char *name)
{
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonArray) rows = NULL;

  ioc_query_add_filter (q, "name", IOC_FILTER_EQ, name);
  rows = ioc_store_list (store, &ioc_entity_users, q, NULL, NULL);
  if (rows == NULL || json_array_get_length (rows) != 1)
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT,
                          json_object_get_int_member (json_array_get_object_element (rows, 0), "id"));
}

JsonObject *
ioc_user_add (IocStore    *store,
              const char  *name,
              const char  *role,
              const char  *password,
              GError     **error)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autofree char *hash = NULL;
  g_autofree char *id = NULL;
  g_autofree char *existing = NULL;

  if (!ioc_user_name_is_valid (name))
    {
      g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                   "name must be 1–64 letters, digits, '.', '-' or '_'");
      return NULL;
    }
  if (ioc_role_from_string (role) == IOC_ROLE_NONE)
    {
      g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                   "role must be duty, supervisor, leader or admin");
      return NULL;
    }
  if (!ioc_user_password_is_valid (password))
    {
      g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                   "password must have at least 8 characters");
      return NULL;
    }
  existing = ioc_user_find (store, name);
  if (existing != NULL)
    {
      g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_CONFLICT,
                   "name “%s” is taken", name);
      return NULL;
    }
  hash = ioc_password_hash (password, error);
  if (hash == NULL)
    return NULL;
  json_object_set_string_member (row, "name", name);
  json_object_set_string_member (row, "role", role);
  json_object_set_string_member (row, "password_hash", hash);
  json_object_set_boolean_member (row, "disabled", FALSE);
  json_object_set_int_member (row, "created_at", g_get_real_time () / G_USEC_PER_SEC);
  if (!ioc_store_insert (store, &ioc_entity_users, row, &id, error))
    return NULL;
  return ioc_store_get (store, &ioc_entity_users, id, FALSE, error);
}

gboolean
ioc_user_set_password (IocStore    *store,
                       const char  *id,
                       const char  *password,
                       GError     **error)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autofree char *hash = NULL;
  g_autoptr(IocQuery) q = NULL;

  if (!ioc_user_password_is_valid (password))
    {
      g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                   "password must have at least 8 characters");
      return FALSE;
    }
  hash = ioc_password_hash (password, error);
  if (hash == NULL)
    return FALSE;
  json_object_set_string_member (changes, "password_hash", hash);
  if (!ioc_store_update (store, &ioc_entity_users, id, changes, error))
    return FALSE;
  /* A new password ends every session of the account. */
  q = ioc_query_new ();
  ioc_query_add_filter (q, "user_id", IOC_FILTER_EQ, id);
  return ioc_store_delete_where (store, &ioc_entity_sessions, q, error) >= 0;
}
