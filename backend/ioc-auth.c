/* ioc-auth.c — passwords through libxcrypt, tokens from getrandom() */
#define G_LOG_DOMAIN "ioc-auth"

#include "ioc-auth.h"

#include <crypt.h>
#include <gio/gio.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>

IocRole
ioc_role_from_string (const char *name)
{
  if (g_strcmp0 (name, "duty") == 0)
    return IOC_ROLE_DUTY;
  if (g_strcmp0 (name, "supervisor") == 0)
    return IOC_ROLE_SUPERVISOR;
  if (g_strcmp0 (name, "leader") == 0)
    return IOC_ROLE_LEADER;
  if (g_strcmp0 (name, "admin") == 0)
    return IOC_ROLE_ADMIN;
  return IOC_ROLE_NONE;
}

const char *
ioc_role_to_string (IocRole role)
{
  switch (role)
    {
    case IOC_ROLE_DUTY: return "duty";
    case IOC_ROLE_SUPERVISOR: return "supervisor";
    case IOC_ROLE_LEADER: return "leader";
    case IOC_ROLE_ADMIN: return "admin";
    case IOC_ROLE_NONE:
    default:
      return NULL;
    }
}

static gboolean
fill_random (guint8 *buf,
             gsize   len)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t r = getrandom (buf + done, len - done, 0);
      if (r < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      done += (gsize) r;
    }
  return TRUE;
}

char *
ioc_password_hash (const char  *password,
                   GError     **error)
{
  guint8 rbytes[32];
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  struct crypt_data *data;
  char *result = NULL;

  if (password == NULL || *password == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "empty password");
      return NULL;
    }
  if (!fill_random (rbytes, sizeof rbytes))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no random bytes from the kernel");
      return NULL;
    }
  /* count 0: libxcrypt's default cost for yescrypt. */
  if (crypt_gensalt_rn ("$y$", 0, (const char *) rbytes, sizeof rbytes, setting, sizeof setting) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "crypt_gensalt: %s", g_strerror (errno));
      return NULL;
    }
  data = g_new0 (struct crypt_data, 1);
  if (crypt_r (password, setting, data) != NULL && data->output[0] != '*')
    result = g_strdup (data->output);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "crypt: %s", g_strerror (errno));
  explicit_bzero (data, sizeof *data);
  g_free (data);
  return result;
}

gboolean
ioc_password_verify (const char *password,
                     const char *hash)
{
  struct crypt_data *data;
  gboolean ok = FALSE;

  if (password == NULL || hash == NULL || hash[0] != '$')
    return FALSE;
  data = g_new0 (struct crypt_data, 1);
  if (crypt_r (password, hash, data) != NULL && data->output[0] != '*')
    {
      size_t a = strlen (data->output), b = strlen (hash);
      unsigned char diff = a != b;
      for (size_t i = 0; i < MIN (a, b); i++)
        diff |= (unsigned char) (data->output[i] ^ hash[i]);
      ok = diff == 0;
    }
  explicit_bzero (data, sizeof *data);
  g_free (data);
  return ok;
}

char *
ioc_token_generate (void)
{
  guint8 bytes[32];
  g_autofree char *b64 = NULL;

  if (!fill_random (bytes, sizeof bytes))
    g_error ("no random bytes from the kernel");   /* cannot issue safe tokens */
  b64 = g_base64_encode (bytes, sizeof bytes);
  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  g_strdelimit (b64, "=", '\0');
  return g_strdup (b64);
}

char *
ioc_token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

typedef struct {
  guint  failures;
  gint64 window_start;
} Attempts;

struct _IocRateLimiter {
  GHashTable *keys;   /* key → Attempts */
  guint       max_failures;
  guint       window_s;
};

IocRateLimiter *
ioc_rate_limiter_new (guint max_failures,
                      guint window_s)
{
  IocRateLimiter *self = g_new0 (IocRateLimiter, 1);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->max_failures = max_failures;
  self->window_s = window_s;
  return self;
}

void
ioc_rate_limiter_free (IocRateLimiter *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->keys);
  g_free (self);
}

static void
expire (IocRateLimiter *self,
        gint64          now_s)
{
  GHashTableIter iter;
  gpointer value;

  /* Bound memory: forget windows that are over. */
  if (g_hash_table_size (self->keys) < 1024)
    return;
  g_hash_table_iter_init (&iter, self->keys);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (now_s - ((Attempts *) value)->window_start >= self->window_s)
      g_hash_table_iter_remove (&iter);
}

guint
ioc_rate_limiter_check (IocRateLimiter *self,
                        const char     *key,
                        gint64          now_s)
{
  Attempts *a = g_hash_table_lookup (self->keys, key);

  if (a == NULL)
    return 0;
  if (now_s - a->window_start >= self->window_s)
    {
      g_hash_table_remove (self->keys, key);
      return 0;
    }
  if (a->failures < self->max_failures)
    return 0;
  return (guint) (a->window_start + self->window_s - now_s);
}

void
ioc_rate_limiter_fail (IocRateLimiter *self,
                       const char     *key,
                       gint64          now_s)
{
  Attempts *a = g_hash_table_lookup (self->keys, key);

  expire (self, now_s);
  if (a == NULL || now_s - a->window_start >= self->window_s)
    {
      a = g_new0 (Attempts, 1);
      a->window_start = now_s;
      g_hash_table_replace (self->keys, g_strdup (key), a);
    }
  a->failures++;
}

void
ioc_rate_limiter_succeed (IocRateLimiter *self,
                          const char     *key)
{
  g_hash_table_remove (self->keys, key);
}
