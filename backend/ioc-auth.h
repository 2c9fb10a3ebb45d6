/* ioc-auth.h — passwords, bearer tokens, roles and the login rate limiter */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  IOC_ROLE_NONE       = 0,
  IOC_ROLE_DUTY       = 1 << 0,
  IOC_ROLE_SUPERVISOR = 1 << 1,
  IOC_ROLE_LEADER     = 1 << 2,
  IOC_ROLE_ADMIN      = 1 << 3,
} IocRole;

#define IOC_ROLES_ALL (IOC_ROLE_DUTY | IOC_ROLE_SUPERVISOR | IOC_ROLE_LEADER | IOC_ROLE_ADMIN)

IocRole     ioc_role_from_string   (const char *name);
const char *ioc_role_to_string     (IocRole     role);

/* A yescrypt hash ("$y$...") with a fresh salt, through libxcrypt. */
char       *ioc_password_hash      (const char  *password,
                                    GError     **error);
/* Constant-time comparison of crypt(password, hash) with hash. */
gboolean    ioc_password_verify    (const char  *password,
                                    const char  *hash);

/* 32 random bytes from the kernel, base64url without padding. */
char       *ioc_token_generate     (void);
/* SHA-256 hex of a token: what the store keeps, so a leaked database
 * does not leak live sessions. */
char       *ioc_token_hash         (const char  *token);

/* Failed-login limiter: at most @max_failures per key within @window_s;
 * a key over the limit is refused until its window ends. */
typedef struct _IocRateLimiter IocRateLimiter;

IocRateLimiter *ioc_rate_limiter_new     (guint           max_failures,
                                          guint           window_s);
void            ioc_rate_limiter_free    (IocRateLimiter *self);
/* Seconds until @key may try again; 0 when it may try now. */
guint           ioc_rate_limiter_check   (IocRateLimiter *self,
                                          const char     *key,
                                          gint64          now_s);
void            ioc_rate_limiter_fail    (IocRateLimiter *self,
                                          const char     *key,
                                          gint64          now_s);
void            ioc_rate_limiter_succeed (IocRateLimiter *self,
                                          const char     *key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocRateLimiter, ioc_rate_limiter_free)

G_END_DECLS
