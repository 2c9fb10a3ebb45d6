/* test-auth.c — password hashing, tokens, roles, the login rate limiter */
#include "ioc-auth.h"

#include <string.h>

static void
test_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *h1 = ioc_password_hash ("correct horse", &error);
  g_autofree char *h2 = ioc_password_hash ("correct horse", &error);

  g_assert_no_error (error);
  /* yescrypt, salted: the same password hashes differently. */
  g_assert_true (g_str_has_prefix (h1, "$y$"));
  g_assert_cmpstr (h1, !=, h2);
  g_assert_true (ioc_password_verify ("correct horse", h1));
  g_assert_true (ioc_password_verify ("correct horse", h2));
  g_assert_false (ioc_password_verify ("correct horsE", h1));
  g_assert_false (ioc_password_verify ("", h1));
  g_assert_false (ioc_password_verify ("correct horse", "not a hash"));
  g_assert_false (ioc_password_verify ("correct horse", NULL));
  g_assert_null (ioc_password_hash ("", &error));
  g_assert_nonnull (error);
}

static void
test_tokens (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (int i = 0; i < 1000; i++)
    {
      char *t = ioc_token_generate ();
      g_assert_cmpuint (strlen (t), ==, 43);   /* 32 bytes, base64url, no padding */
      g_assert_true (strspn (t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == 43);
      g_assert_false (g_hash_table_contains (seen, t));
      g_hash_table_add (seen, t);
    }
  {
    g_autofree char *a = ioc_token_hash ("abc");
    g_assert_cmpstr (a, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}

static void
test_roles (void)
{
  static const char *const names[] = { "duty", "supervisor", "leader", "admin" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpstr (ioc_role_to_string (ioc_role_from_string (names[i])), ==, names[i]);
  g_assert_cmpint (ioc_role_from_string ("root"), ==, IOC_ROLE_NONE);
  g_assert_cmpint (ioc_role_from_string (NULL), ==, IOC_ROLE_NONE);
}

static void
test_rate_limiter (void)
{
  g_autoptr(IocRateLimiter) rl = ioc_rate_limiter_new (3, 60);

  g_assert_cmpuint (ioc_rate_limiter_check (rl, "u", 1000), ==, 0);
  ioc_rate_limiter_fail (rl, "u", 1000);
  ioc_rate_limiter_fail (rl, "u", 1010);
  g_assert_cmpuint (ioc_rate_limiter_check (rl, "u", 1010), ==, 0);
  ioc_rate_limiter_fail (rl, "u", 1020);
  /* Third failure: locked until the window that began at 1000 ends. */
  g_assert_cmpuint (ioc_rate_limiter_check (rl, "u", 1020), ==, 40);
  g_assert_cmpuint (ioc_rate_limiter_check (rl, "other", 1020), ==, 0);
  g_assert_cmpuint (ioc_rate_limiter_check (rl, "u", 1060), ==, 0);
  /* A success clears the record. */
  ioc_rate_limiter_fail (rl, "v", 2000);
  ioc_rate_limiter_succeed (rl, "v");
  ioc_rate_limiter_fail (rl, "v", 2001);
  ioc_rate_limiter_fail (rl, "v", 2002);
  g_assert_cmpuint (ioc_rate_limiter_check (rl, "v", 2002), ==, 0);
  /* Memory stays bounded under many keys. */
  for (int i = 0; i < 5000; i++)
    {
      g_autofree char *k = g_strdup_printf ("k%d", i);
      ioc_rate_limiter_fail (rl, k, 3000 + i / 10);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/auth/password", test_password);
  g_test_add_func ("/auth/tokens", test_tokens);
  g_test_add_func ("/auth/roles", test_roles);
  g_test_add_func ("/auth/rate-limiter", test_rate_limiter);
  return g_test_run ();
}
