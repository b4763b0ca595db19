/* auth.h - sign-in, sessions, CSRF tokens and API tokens (auth.c).
 *
 * Session and anonymous cookies hold 256-bit random tokens (base64url, 43
 * characters); the database keeps only their BLAKE2b hash.  A form's CSRF
 * token is a keyed hash of the cookie, so it needs no storage and is useless
 * without the cookie it belongs to.
 */
#ifndef PEEL_WEB_AUTH_H
#define PEEL_WEB_AUTH_H

#include "web/http.h"

/* Cookie names.  Over HTTPS (r->secure) they carry the __Host- prefix, so
 * a browser accepts them only with Secure, Path=/ and no Domain: no
 * sibling site or plain-HTTP page can set or shadow them.  Browsers refuse
 * __Host- cookies without Secure, so plain-HTTP development on loopback uses
 * the bare names. */
#define PEEL_SESSION_COOKIE "peel_session"
#define PEEL_ANON_COOKIE "peel_anon"
#define PEEL_PENDING_COOKIE "peel_pending" /* a password checked, the code still due */
#define PEEL_SESSION_MAX_AGE (12 * 3600)   /* a session ends 12 hours after sign-in */
/* Sign-in throttles (auth.c): failures allowed before each further attempt
 * must wait 1 s, 2 s, 4 s... (at most 15 minutes; 30 s for the account from
 * every address, so nobody can lock another out); an hour without a failure
 * starts the count again. */
#define PEEL_SIGNIN_FREE_PAIR 5     /* this account from this address */
#define PEEL_SIGNIN_FREE_ADDR 20    /* any account from this address */
#define PEEL_SIGNIN_FREE_ACCOUNT 10 /* this account from any address */

/* Loads the server's MAC key from the database (made on first use); the
 * server calls it once before it answers anything. */
int peel_auth_init(peel_store *s, peel_err *err);

/* Where to go after sign-in: next when it is a plain path on this site,
 * else "/".  A path starts with exactly one '/', holds only printable ASCII
 * other than '\\', is at most 2048 bytes, and percent-decoding it (however
 * often) gives neither a second leading '/' or '\\' nor a control
 * character: browsers read "/<TAB>/evil.example" and "/%2F/x" as another
 * site. */
const char *peel_auth_safe_next(const char *next);

/* The CSRF token for forms on this response (creates the anonymous cookie
 * when the visitor has none). */
const char *peel_auth_csrf(peel_req *r);

enum peel_signin_result {
    PEEL_SIGNIN_OK,
    PEEL_SIGNIN_BAD,           /* wrong name or password (or inactive) */
    PEEL_SIGNIN_LIMIT_ACCOUNT, /* too many failures on this account: wait */
    PEEL_SIGNIN_LIMIT_ADDR,    /* too many failures from this address: wait */
    PEEL_SIGNIN_CODE,          /* password right; the account's code is due next */
    PEEL_SIGNIN_BAD_CODE,      /* the code is not right (or was used before) */
    PEEL_SIGNIN_NO_PENDING,    /* a code came with no sign-in waiting for it */
    PEEL_SIGNIN_NEEDS_FACTOR   /* an admin not enrolled, and --admin-second-factor */
};
#define PEEL_SIGNIN_CODE_WAIT 300 /* seconds a pending sign-in waits for its code */
/* Checks the password and, when right, starts a session (sets the cookie).
 * The attempt is counted before the password is checked, in one write
 * transaction, so parallel guesses cannot all be checked; when refused,
 * *wait_s is how long to wait. */
int peel_auth_signin(peel_req *r, const char *name, const char *password, const char *next,
                     enum peel_signin_result *res, int64_t *wait_s, peel_err *err);
/* The second step of an enrolled account's sign-in: checks the 6-digit code
 * against the pending sign-in of the peel_pending cookie (throttled as
 * passwords are; a code is good once) and starts the session.  *next is
 * where the first step was going. */
int peel_auth_signin_code(peel_req *r, const char *code, enum peel_signin_result *res,
                          int64_t *wait_s, const char **next, peel_err *err);
/* Enrols NAME in the second factor (again: a new secret replaces the old),
 * audited; uri receives the otpauth:// URI, to be shown once.  The secret
 * stays in the database and is never shown again. */
int peel_auth_totp_enrol(peel_store *s, const char *actor, const char *name, peel_buf *uri,
                         peel_err *err);
int peel_auth_signout(peel_req *r, peel_err *err);

/* ---- accounts, for the admin pages (pages_admin.c) ----
 * Setting a password goes through web.h peel_web_user_set, as the command
 * does (it hashes, audits the change and ends the account's sessions). */

/* The rules a new password must meet (length, UTF-8, not a common
 * password), with the message the command and the pages show;
 * peel_web_password_hash applies them too. */
#define PEEL_PASSWORD_MIN 10
int peel_auth_password_check(const char *password, peel_err *err);
/* 1 when password, in any case, is in the list of common passwords
 * (common_passwords.c), 0 when not, -1 when the list cannot be read. */
int peel_auth_password_common(const char *password, peel_err *err);
/* Creates an API token for the active account NAME as peel_web_token_add
 * does, and records it in the audit trail under actor (the token's number
 * and label, never the token).  out receives the token, to be shown once. */
int peel_auth_token_create(peel_store *s, const char *actor, const char *name, const char *label,
                           char out[64], peel_err *err);
/* Revokes the account's token number token_id and records it in the audit
 * trail: 1 revoked, 0 the account has no such token, -1 error. */
int peel_auth_token_revoke(peel_store *s, const char *actor, int64_t user_id, int64_t token_id,
                           peel_err *err);

#endif
