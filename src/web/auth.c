/* auth.c - who is asking: passwords (argon2id via libsodium's
 * crypto_pwhash_str), sessions, CSRF and API tokens, and the account
 * helpers the commands and the account pages (pages_admin.c) share.  Every
 * secret comparison is constant-time; every failed sign-in is recorded and
 * counted per account and per address. */
#include "web/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/str.h"
#include "model/crud.h"
#include "store/web_db.h"
#include "web/totp.h"

#define TOKEN_BYTES 32
#define TOKEN_CHARS 43 /* base64url of 32 bytes, no padding */

static void random_token(char out[64])
{
    unsigned char raw[TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, 64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

static bool token_well_formed(const char *s)
{
    size_t n = strlen(s);
    if (n != TOKEN_CHARS)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    return true;
}

static void token_hash(const char *tok, unsigned char out[PEEL_TOKEN_HASH_LEN])
{
    crypto_generichash(out, PEEL_TOKEN_HASH_LEN, (const unsigned char *)tok, strlen(tok), NULL, 0);
}

const char *peel_role_name(peel_role role)
{
    static const char *const names[] = {"public", "panel", "staff", "admin"};
    return names[role];
}

static peel_role role_of(const char *s)
{
    if (s && !strcmp(s, "admin"))
        return PEEL_ROLE_ADMIN;
    if (s && !strcmp(s, "staff"))
        return PEEL_ROLE_STAFF;
    if (s && !strcmp(s, "panel"))
        return PEEL_ROLE_PANEL;
    return PEEL_ROLE_PUBLIC;
}

/* ---- users ---- */

static const peel_type *user_type(void)
{
    return peel_type_find("user");
}

static int user_value_index(const char *field)
{
    return peel_type_field_index(user_type(), field);
}

/* Loads user id; 1 when it exists and may sign in, 0 when not, -1 error. */
static int load_user(peel_store *s, int64_t id, peel_record **out, peel_err *err)
{
    int active = user_value_index("active");
    if (peel_store_get(s, user_type(), id, out, err) < 0) {
        if (err->code != PEEL_ENOTFOUND)
            return -1;
        peel_err_clear(err);
        return 0;
    }
    /* An account is active unless it says otherwise. */
    if (active >= 0 && (*out)->v[active].set && (*out)->v[active].i == 0) {
        peel_record_free(*out);
        *out = NULL;
        return 0;
    }
    return 1;
}

static void set_identity(peel_req *r, const peel_record *u)
{
    int name = user_value_index("name"), role = user_value_index("role");
    r->user_id = u->id;
    snprintf(r->user, sizeof r->user, "%s", u->v[name].s ? u->v[name].s : "");
    r->role = role_of(u->v[role].s);
}

static const char *cookie(peel_req *r, const char *name);

static int session_from_cookie(peel_req *r, peel_err *err)
{
    const char *tok = cookie(r, PEEL_SESSION_COOKIE);
    unsigned char h[PEEL_TOKEN_HASH_LEN];
    int64_t uid, created, seen, now = peel_clock_now();
    peel_record *u = NULL;
    int found;

    if (!tok || !token_well_formed(tok))
        return 0;
    token_hash(tok, h);
    found = peel_webdb_session_find(r->store, h, &uid, &created, &seen, err);
    if (found <= 0)
        return found;
    if (now - seen > r->cfg->session_idle || now - created > PEEL_SESSION_MAX_AGE) {
        r->session_expired = true;
        /* a standby cannot forget it; the primary will when next asked */
        return peel_store_read_only(r->store) ? 0 : peel_webdb_session_delete(r->store, h, err);
    }
    found = load_user(r->store, uid, &u, err);
    if (found <= 0)
        return found;
    set_identity(r, u);
    peel_record_free(u);
    snprintf(r->cookie_tok, sizeof r->cookie_tok, "%s", tok);
    r->has_session = true;
    /* Touch at most once a minute: reads stay reads.  A standby cannot: its
     * idle time runs from the last request the primary answered. */
    if (now - seen >= 60 && !peel_store_read_only(r->store) &&
        peel_webdb_session_touch(r->store, h, now, err) < 0)
        return -1;
    return 1;
}

static int token_from_header(peel_req *r, const char *auth, peel_err *err)
{
    unsigned char h[PEEL_TOKEN_HASH_LEN];
    int64_t uid;
    peel_record *u = NULL;
    int found;
    const char *tok;

    if (strncmp(auth, "Bearer ", 7) != 0)
        return 0;
    tok = auth + 7;
    if (strncmp(tok, "peel_", 5) != 0 || !token_well_formed(tok + 5))
        return 0;
    token_hash(tok, h);
    found = peel_webdb_token_find(r->store, h, &uid, err);
    if (found <= 0)
        return found;
    found = load_user(r->store, uid, &u, err);
    if (found <= 0)
        return found;
    set_identity(r, u);
    peel_record_free(u);
    return 1;
}

/* The name a cookie goes by on this request (auth.h). */
static const char *cookie_name(peel_req *r, const char *name)
{
    return r->secure ? peel_pool_printf(r->pool, "__Host-%s", name) : name;
}

static const char *cookie(peel_req *r, const char *bare)
{
    const char *c = peel_req_header(r, "Cookie"), *name = cookie_name(r, bare);
    size_t n = name ? strlen(name) : 0;

    if (!name)
        return NULL;
    char *v, *end;

    while (c && *c) {
        while (*c == ' ' || *c == ';')
            c++;
        if (!strncmp(c, name, n) && c[n] == '=') {
            c += n + 1;
            end = strchr(c, ';');
            v = peel_pool_strndup(r->pool, c, end ? (size_t)(end - c) : strlen(c));
            return v;
        }
        c = strchr(c, ';');
    }
    return NULL;
}

/* The key of the server's MACs (anonymous cookies), the same for every
 * server on the database (peel_auth_init). */
static unsigned char server_key[crypto_auth_KEYBYTES];

int peel_auth_init(peel_store *s, peel_err *err)
{
    return peel_webdb_secret(s, "mac-key", server_key, sizeof server_key, err);
}

/* An anonymous cookie is TOKEN.MAC: the server's MAC of its random token,
 * so a visitor cannot bring an id of someone else's choosing (whose CSRF
 * token that someone could then work out). */
static void anon_mac(const char *tok, char out[32])
{
    unsigned char mac[crypto_auth_BYTES];
    crypto_auth(mac, (const unsigned char *)tok, TOKEN_CHARS, server_key);
    sodium_bin2base64(out, 32, mac, 16, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static bool anon_verify(const char *value)
{
    char tok[TOKEN_CHARS + 1], want[32];
    size_t n = strlen(value);

    if (n != TOKEN_CHARS + 1 + 22 || value[TOKEN_CHARS] != '.')
        return false;
    memcpy(tok, value, TOKEN_CHARS);
    tok[TOKEN_CHARS] = '\0';
    if (!token_well_formed(tok))
        return false;
    anon_mac(tok, want);
    return sodium_memcmp(want, value + TOKEN_CHARS + 1, 22) == 0;
}

bool peel_auth_identify(peel_req *r, peel_err *err)
{
    r->role = PEEL_ROLE_PUBLIC;
    r->user[0] = '\0';
    if (r->is_api) {
        /* The API ignores cookies, so it needs no CSRF defence: a browser
         * never sends a bearer token on its own. */
        const char *auth = peel_req_header(r, "Authorization");
        int found;
        if (!auth)
            return true;
        found = token_from_header(r, auth, err);
        if (found < 0)
            return false;
        if (found == 0) {
            peel_req_add_header(r, "WWW-Authenticate", "Bearer realm=\"peel\"");
            peel_req_error(r, 401, "unauthorized", NULL,
                           "the bearer token is not valid (create one with 'peel token add')");
            return false;
        }
        return true;
    }
    if (session_from_cookie(r, err) < 0)
        return false;
    if (!r->has_session) {
        const char *anon = cookie(r, PEEL_ANON_COOKIE);
        if (anon && anon_verify(anon))
            snprintf(r->cookie_tok, sizeof r->cookie_tok, "%.*s", TOKEN_CHARS, anon);
    }
    return true;
}

static void csrf_of(const char *tok, char out[48])
{
    static const unsigned char ctx[] = "peel-csrf-v1";
    unsigned char mac[24];
    crypto_generichash(mac, sizeof mac, ctx, sizeof ctx - 1, (const unsigned char *)tok,
                       strlen(tok));
    sodium_bin2base64(out, 48, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void set_cookie(peel_req *r, const char *name, const char *value, bool clear)
{
    peel_req_add_header(r, "Set-Cookie",
                        peel_pool_printf(r->pool, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
                                         cookie_name(r, name), value, r->secure ? "; Secure" : "",
                                         clear ? "; Max-Age=0" : ""));
}

const char *peel_auth_csrf(peel_req *r)
{
    if (!r->cookie_tok[0]) {
        char mac[32];
        random_token(r->cookie_tok);
        anon_mac(r->cookie_tok, mac);
        set_cookie(r, PEEL_ANON_COOKIE, peel_pool_printf(r->pool, "%s.%s", r->cookie_tok, mac),
                   false);
    }
    if (!r->csrf[0])
        csrf_of(r->cookie_tok, r->csrf);
    return r->csrf;
}

bool peel_auth_csrf_ok(peel_req *r)
{
    const peel_kv *f = peel_req_field(r, "csrf");
    char want[48];

    if (!r->cookie_tok[0] || !f || f->len != strlen(peel_auth_csrf(r)))
        return false;
    csrf_of(r->cookie_tok, want);
    return sodium_memcmp(want, f->value, f->len) == 0;
}

/* ---- sign-in ---- */

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (c | 0x20) - 'a' + 10;
    return -1;
}

/* Whether s (n bytes) is a plain local path: one leading '/', printable
 * ASCII only, no backslash. */
static bool plain_path(const char *s, size_t n)
{
    if (n == 0 || s[0] != '/' || (n > 1 && (s[1] == '/' || s[1] == '\\')))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c >= 0x7f || c == '\\')
            return false;
    }
    return true;
}

const char *peel_auth_safe_next(const char *next)
{
    char a[2049], b[2049];
    size_t n = next ? strlen(next) : 0;

    if (!next || n >= sizeof a || !plain_path(next, n))
        return "/";
    memcpy(a, next, n + 1);
    /* Decode until nothing changes (double encoding hides "%2F" as
     * "%252F"); every stage must still be a plain path. */
    for (int round = 0; round < 8; round++) {
        size_t k = 0;
        bool changed = false;
        for (size_t i = 0; i < n; i++) {
            int hi, lo;
            if (a[i] == '%' && i + 2 < n && (hi = hex_digit(a[i + 1])) >= 0 &&
                (lo = hex_digit(a[i + 2])) >= 0) {
                b[k++] = (char)(hi * 16 + lo);
                i += 2;
                changed = true;
            } else {
                b[k++] = a[i];
            }
        }
        if (!changed)
            return next;
        if (!plain_path(b, k))
            return "/";
        memcpy(a, b, k);
        a[k] = '\0';
        n = k;
    }
    return "/";
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

/* A hash of a random password, made once, with the same cost as real ones. */
static void make_dummy(void)
{
    char pw[64];
    random_token(pw);
    if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        dummy_hash[0] = '\0';
}

/* Milliseconds of the system clock.  A throttle's delay is time that must
 * really pass, so it never reads peel's injectable clock (which the tests
 * fix). */
static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The three throttles on a sign-in: this account from this address (the
 * guesser), this address on any account (one guesser, many accounts), and
 * this account from anywhere, whose delay stays short so that failures
 * elsewhere never lock the real user out. */
enum { THROTTLE_PAIR, THROTTLE_ADDR, THROTTLE_ACCOUNT, NTHROTTLE };

static void throttle_keys(const char *pair, const char *addr, const char *account,
                          peel_webdb_throttle k[NTHROTTLE])
{
    k[THROTTLE_PAIR] =
        (peel_webdb_throttle){pair, PEEL_SIGNIN_FREE_PAIR, 1000, 15 * 60 * 1000, 3600 * 1000};
    k[THROTTLE_ADDR] =
        (peel_webdb_throttle){addr, PEEL_SIGNIN_FREE_ADDR, 1000, 15 * 60 * 1000, 3600 * 1000};
    k[THROTTLE_ACCOUNT] =
        (peel_webdb_throttle){account, PEEL_SIGNIN_FREE_ACCOUNT, 1000, 30 * 1000, 3600 * 1000};
}

/* Claims an attempt under the throttles: 1 may go on, 0 refused (*res and
 * *wait_s set), -1 error. */
static int throttle_claim(peel_req *r, const peel_webdb_throttle *k, enum peel_signin_result *res,
                          int64_t *wait_s, peel_err *err)
{
    int64_t wait_ms = 0;
    size_t which = 0;

    for (size_t i = 0; i < NTHROTTLE; i++)
        if (!k[i].key)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    if (peel_webdb_attempt_claim(r->store, wall_ms(), k, NTHROTTLE, &wait_ms, &which, err) < 0)
        return -1;
    if (wait_ms <= 0)
        return 1;
    *wait_s = (wait_ms + 999) / 1000;
    *res = which == THROTTLE_ADDR ? PEEL_SIGNIN_LIMIT_ADDR : PEEL_SIGNIN_LIMIT_ACCOUNT;
    return 0;
}

/* Starts a session for u: a new token (never one the visitor had), its
 * cookie, and the anonymous and pending cookies ended. */
static int start_session(peel_req *r, const peel_record *u, int64_t now, peel_err *err)
{
    char tok[64];
    unsigned char h[PEEL_TOKEN_HASH_LEN];

    random_token(tok);
    token_hash(tok, h);
    if (peel_webdb_session_prune(r->store, now - r->cfg->session_idle, err) < 0 ||
        peel_webdb_session_add(r->store, u->id, h, now, err) < 0)
        return -1;
    set_identity(r, u);
    set_cookie(r, PEEL_SESSION_COOKIE, tok, false);
    set_cookie(r, PEEL_ANON_COOKIE, "", true);
    snprintf(r->cookie_tok, sizeof r->cookie_tok, "%s", tok);
    sodium_memzero(tok, sizeof tok);
    r->csrf[0] = '\0';
    r->has_session = true;
    return 0;
}

int peel_auth_signin(peel_req *r, const char *name, const char *password, const char *next,
                     enum peel_signin_result *res, int64_t *wait_s, peel_err *err)
{
    int64_t now = peel_clock_now(), id = 0;
    peel_record *u = NULL;
    const peel_field *nf = peel_type_field(user_type(), "name");
    peel_value key = {.set = true, .s = (char *)name};
    int hash_i = user_value_index("password_hash"), found;
    bool ok = false;
    char tok[64];
    unsigned char h[PEEL_TOKEN_HASH_LEN], secret[64];
    size_t secret_len = sizeof secret;
    int64_t last_step = 0;
    peel_webdb_throttle k[NTHROTTLE];

    *wait_s = 0;
    throttle_keys(peel_pool_printf(r->pool, "p\x1f%s\x1f%s", name, r->addr),
                  peel_pool_printf(r->pool, "i\x1f%s", r->addr),
                  peel_pool_printf(r->pool, "u\x1f%s", name), k);
    found = throttle_claim(r, k, res, wait_s, err);
    if (found <= 0)
        return found;
    found = peel_store_find(r->store, user_type(), nf, &key, &id, err);
    if (found < 0)
        return -1;
    if (found && (found = load_user(r->store, id, &u, err)) < 0)
        return -1;
    if (found && u->v[hash_i].set && u->v[hash_i].s) {
        ok = crypto_pwhash_str_verify(u->v[hash_i].s, password, strlen(password)) == 0;
    } else {
        /* Spend the same time on an unknown name as on a wrong password. */
        pthread_once(&dummy_once, make_dummy);
        if (crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
            ok = false; /* never: the dummy's password is random and forgotten */
    }
    if (peel_webdb_attempt_add(r->store, now, name, r->addr, ok, err) < 0) {
        peel_record_free(u);
        return -1;
    }
    if (!ok) {
        int64_t at = wall_ms();
        peel_record_free(u);
        for (size_t i = 0; i < NTHROTTLE; i++)
            if (peel_webdb_attempt_failed(r->store, &k[i], at, err) < 0)
                return -1;
        *res = PEEL_SIGNIN_BAD;
        return 0;
    }
    /* The password was right: the guesses before it on this account no
     * longer count; those from this address on other accounts still do, less
     * this attempt. */
    if (peel_webdb_attempt_clear(r->store, &k[THROTTLE_PAIR], true, err) < 0 ||
        peel_webdb_attempt_clear(r->store, &k[THROTTLE_ACCOUNT], true, err) < 0 ||
        peel_webdb_attempt_clear(r->store, &k[THROTTLE_ADDR], false, err) < 0 ||
        peel_webdb_throttle_prune(r->store, wall_ms() - 86400 * 1000LL, err) < 0) {
        peel_record_free(u);
        return -1;
    }
    /* An enrolled account's code is still due: a pending sign-in, by a
     * cookie of its own, until the second step. */
    found = peel_webdb_totp_get(r->store, u->id, secret, &secret_len, &last_step, err);
    sodium_memzero(secret, sizeof secret);
    if (found != 0) {
        if (found > 0) {
            random_token(tok);
            token_hash(tok, h);
            found = peel_webdb_pending_add(r->store, h, u->id, now, next ? next : "/", err);
            if (found == 0) {
                set_cookie(r, PEEL_PENDING_COOKIE, tok, false);
                *res = PEEL_SIGNIN_CODE;
            }
            sodium_memzero(tok, sizeof tok);
        }
        peel_record_free(u);
        return found < 0 ? -1 : 0;
    }
    /* With --admin-second-factor an admin without one does not sign in. */
    if (r->cfg->admin_second_factor &&
        role_of(u->v[user_value_index("role")].s) == PEEL_ROLE_ADMIN) {
        peel_record_free(u);
        *res = PEEL_SIGNIN_NEEDS_FACTOR;
        return 0;
    }
    found = start_session(r, u, now, err);
    peel_record_free(u);
    if (found == 0)
        *res = PEEL_SIGNIN_OK;
    return found;
}

int peel_auth_signin_code(peel_req *r, const char *code, enum peel_signin_result *res,
                          int64_t *wait_s, const char **next, peel_err *err)
{
    const char *tok = cookie(r, PEEL_PENDING_COOKIE);
    unsigned char h[PEEL_TOKEN_HASH_LEN], secret[64];
    size_t secret_len = sizeof secret;
    int64_t uid = 0, created = 0, last_step = 0, step = 0, now = peel_clock_now();
    peel_buf where = PEEL_BUF_INIT;
    peel_record *u = NULL;
    peel_webdb_throttle k[NTHROTTLE];
    bool ok;
    int found;

    *wait_s = 0;
    *next = "/";
    *res = PEEL_SIGNIN_NO_PENDING;
    if (!tok || !token_well_formed(tok))
        return 0;
    token_hash(tok, h);
    found = peel_webdb_pending_find(r->store, h, &uid, &created, &where, err);
    if (found > 0 && now - created > PEEL_SIGNIN_CODE_WAIT) {
        found = peel_webdb_pending_delete(r->store, h, err);
        if (found == 0)
            set_cookie(r, PEEL_PENDING_COOKIE, "", true);
    }
    if (found > 0)
        found = load_user(r->store, uid, &u, err);
    if (found <= 0) {
        peel_buf_release(&where);
        return found;
    }
    *next = peel_pool_strdup(r->pool, peel_auth_safe_next(peel_buf_str(&where)));
    peel_buf_release(&where);
    /* Codes are throttled as passwords are, per account and address and per
     * account: a million codes, three good at any moment. */
    throttle_keys(peel_pool_printf(r->pool, "c\x1f%lld\x1f%s", (long long)uid, r->addr),
                  peel_pool_printf(r->pool, "i\x1f%s", r->addr),
                  peel_pool_printf(r->pool, "C\x1f%lld", (long long)uid), k);
    found = throttle_claim(r, k, res, wait_s, err);
    if (found <= 0) {
        peel_record_free(u);
        return found;
    }
    found = peel_webdb_totp_get(r->store, uid, secret, &secret_len, &last_step, err);
    ok = found > 0 && peel_totp_verify(secret, secret_len, now, code, last_step, &step);
    sodium_memzero(secret, sizeof secret);
    /* A code is good once: marking its step used is the one atomic test. */
    if (found >= 0 && ok && (found = peel_webdb_totp_use(r->store, uid, step, err)) == 0)
        ok = false;
    if (found < 0) {
        peel_record_free(u);
        return -1;
    }
    if (!ok) {
        int64_t at = wall_ms();
        peel_record_free(u);
        for (size_t i = 0; i < NTHROTTLE; i++)
            if (peel_webdb_attempt_failed(r->store, &k[i], at, err) < 0)
                return -1;
        *res = PEEL_SIGNIN_BAD_CODE;
        return 0;
    }
    if (peel_webdb_attempt_clear(r->store, &k[THROTTLE_PAIR], true, err) < 0 ||
        peel_webdb_attempt_clear(r->store, &k[THROTTLE_ACCOUNT], true, err) < 0 ||
        peel_webdb_attempt_clear(r->store, &k[THROTTLE_ADDR], false, err) < 0 ||
        peel_webdb_pending_delete(r->store, h, err) < 0 || start_session(r, u, now, err) < 0) {
        peel_record_free(u);
        return -1;
    }
    peel_record_free(u);
    set_cookie(r, PEEL_PENDING_COOKIE, "", true);
    *res = PEEL_SIGNIN_OK;
    return 0;
}

int peel_auth_totp_enrol(peel_store *s, const char *actor, const char *name, peel_buf *uri,
                         peel_err *err)
{
    unsigned char secret[PEEL_TOTP_SECRET_LEN];
    char b32[PEEL_TOTP_SECRET_LEN * 8 / 5 + 2], at[24];
    int64_t id;
    peel_record *u = NULL;
    int rc;

    if (sodium_init() < 0)
        return peel_err_set(err, PEEL_EINTERNAL, "libsodium failed to start");
    if (peel_crud_lookup(s, user_type(), name, &id, err) < 0)
        return -1;
    if (load_user(s, id, &u, err) <= 0)
        return err->code ? -1 : peel_err_set(err, PEEL_EINPUT, "user '%s' is not active", name);
    peel_record_free(u);
    randombytes_buf(secret, sizeof secret);
    peel_totp_base32(secret, sizeof secret, b32);
    rc = peel_webdb_totp_set(s, id, secret, sizeof secret, peel_clock_now(), err);
    sodium_memzero(secret, sizeof secret);
    if (rc == 0) {
        peel_clock_format(peel_clock_now(), at);
        peel_audit a = {.type = user_type()->name,
                        .record_id = id,
                        .at = at,
                        .user = actor,
                        .action = "update",
                        .field = "second_factor",
                        .new_value = "enrolled"};
        rc = peel_store_audit_add(s, &a, err);
    }
    if (rc == 0) {
        peel_buf_puts(uri, "otpauth://totp/peel:");
        for (const char *p = name; *p; p++) {
            unsigned char c = (unsigned char)*p;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_')
                peel_buf_putc(uri, (char)c);
            else
                peel_buf_printf(uri, "%%%02X", c);
        }
        peel_buf_printf(uri, "?secret=%s&issuer=peel&algorithm=SHA1&digits=%d&period=%d", b32,
                        PEEL_TOTP_DIGITS, PEEL_TOTP_STEP);
        if (uri->failed)
            rc = peel_err_set(err, PEEL_ENOMEM, "out of memory");
    }
    sodium_memzero(b32, sizeof b32);
    return rc;
}

int peel_auth_signout(peel_req *r, peel_err *err)
{
    if (r->has_session) {
        unsigned char h[PEEL_TOKEN_HASH_LEN];
        token_hash(r->cookie_tok, h);
        if (peel_webdb_session_delete(r->store, h, err) < 0)
            return -1;
    }
    set_cookie(r, PEEL_SESSION_COOKIE, "", true);
    r->has_session = false;
    r->role = PEEL_ROLE_PUBLIC;
    r->user[0] = '\0';
    return 0;
}

/* ---- accounts, for the commands and the account pages ---- */

int peel_auth_password_check(const char *password, peel_err *err)
{
    size_t n = strlen(password);
    if (n < PEEL_PASSWORD_MIN)
        return peel_err_set(err, PEEL_EINPUT, "the password must be at least %d characters",
                            PEEL_PASSWORD_MIN);
    if (n > 1024)
        return peel_err_set(err, PEEL_EINPUT, "the password must be at most 1024 characters");
    if (!peel_utf8_valid(password, n, NULL))
        return peel_err_set(err, PEEL_EINPUT, "the password is not valid UTF-8");
    switch (peel_auth_password_common(password, err)) {
    case 0:
        return 0;
    case 1:
        return peel_err_set(err, PEEL_EINPUT,
                            "the password is too common: it is in a list of "
                            "passwords that attackers try first");
    default:
        return -1;
    }
}

int peel_web_password_hash(const char *password, char out[128], peel_err *err)
{
    size_t n = strlen(password);
    if (peel_auth_password_check(password, err) < 0)
        return -1;
    if (sodium_init() < 0)
        return peel_err_set(err, PEEL_EINTERNAL, "libsodium failed to start");
    if (crypto_pwhash_str(out, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory hashing the password");
    return 0;
}

int peel_web_user_set(peel_store *s, const char *actor, const char *name, const char *role,
                      const char *password, bool create, peel_err *err)
{
    const peel_type *t = user_type();
    peel_fielderrs fe = {0};
    peel_record *u = NULL;
    char hash[128];
    int64_t id = 0;
    int rc = -1;

    if (password && peel_web_password_hash(password, hash, err) < 0)
        return -1;
    if (create) {
        u = peel_record_new(t);
        if (!u)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        if (peel_crud_assign(u, "name", name, strlen(name), false, &fe) < 0 ||
            peel_crud_assign(u, "role", role, strlen(role), false, &fe) < 0 ||
            peel_crud_assign(u, "active", "yes", 3, false, &fe) < 0)
            goto bad;
    } else {
        if (peel_crud_lookup(s, t, name, &id, err) < 0 || peel_store_get(s, t, id, &u, err) < 0)
            return -1;
        if (role && peel_crud_assign(u, "role", role, strlen(role), false, &fe) < 0)
            goto bad;
    }
    if (password && peel_crud_assign(u, "password_hash", hash, strlen(hash), true, &fe) < 0)
        goto bad;
    if (create ? peel_crud_create(s, actor, u, &fe, err)
               : peel_crud_update(s, actor, u, &fe, NULL, err)) {
        if (fe.n)
            goto bad;
        goto out;
    }
    /* A new password ends every session of the account. */
    if (!create && password && peel_webdb_session_delete_user(s, u->id, err) < 0)
        goto out;
    rc = 0;
    goto out;
bad:
    peel_err_clear(err);
    peel_fielderrs_to_err(&fe, err);
out:
    sodium_memzero(hash, sizeof hash);
    peel_record_free(u);
    return rc;
}

/* Creates a token for the active account NAME: out gets the token, *user_id
 * and *token_id (each may be NULL) the account and the token's number. */
static int token_issue(peel_store *s, const char *name, const char *label, char out[64],
                       int64_t *user_id, int64_t *token_id, peel_err *err)
{
    const peel_type *t = user_type();
    int64_t id;
    char tok[64];
    unsigned char h[PEEL_TOKEN_HASH_LEN];
    peel_record *u = NULL;

    if (sodium_init() < 0)
        return peel_err_set(err, PEEL_EINTERNAL, "libsodium failed to start");
    if (peel_crud_lookup(s, t, name, &id, err) < 0)
        return -1;
    if (load_user(s, id, &u, err) <= 0)
        return err->code ? -1 : peel_err_set(err, PEEL_EINPUT, "user '%s' is not active", name);
    peel_record_free(u);
    random_token(tok);
    snprintf(out, 64, "peel_%s", tok);
    sodium_memzero(tok, sizeof tok);
    token_hash(out, h);
    if (user_id)
        *user_id = id;
    return peel_webdb_token_add(s, id, h, label, peel_clock_now(), token_id, err);
}

int peel_web_token_add(peel_store *s, const char *name, const char *label, char out[64],
                       peel_err *err)
{
    return token_issue(s, name, label, out, NULL, NULL, err);
}

/* An audit row on the account for a token made or revoked: "token N: LABEL"
 * as the value before (revoked) or after (made).  Never the token. */
static int token_audit(peel_store *s, const char *actor, int64_t user_id, int64_t token_id,
                       const char *label, bool made, peel_err *err)
{
    peel_buf what = PEEL_BUF_INIT;
    char at[24];
    int rc;

    peel_buf_printf(&what, "token %lld", (long long)token_id);
    if (label && *label)
        peel_buf_printf(&what, ": %s", label);
    if (what.failed) {
        peel_buf_release(&what);
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    }
    peel_clock_format(peel_clock_now(), at);
    peel_audit a = {.type = user_type()->name,
                    .record_id = user_id,
                    .at = at,
                    .user = actor,
                    .action = "update",
                    .field = "api_token",
                    .old_value = made ? NULL : peel_buf_str(&what),
                    .new_value = made ? peel_buf_str(&what) : NULL};
    rc = peel_store_audit_add(s, &a, err);
    peel_buf_release(&what);
    return rc;
}

int peel_auth_token_create(peel_store *s, const char *actor, const char *name, const char *label,
                           char out[64], peel_err *err)
{
    int64_t user_id = 0, token_id = 0;
    if (token_issue(s, name, label, out, &user_id, &token_id, err) < 0 ||
        token_audit(s, actor, user_id, token_id, label, true, err) < 0) {
        sodium_memzero(out, 64);
        return -1;
    }
    return 0;
}

int peel_auth_token_revoke(peel_store *s, const char *actor, int64_t user_id, int64_t token_id,
                           peel_err *err)
{
    peel_buf label = PEEL_BUF_INIT;
    int rc = peel_webdb_token_label(s, user_id, token_id, &label, err);

    if (rc > 0)
        rc = peel_webdb_token_delete(s, user_id, token_id, err);
    if (rc > 0 && token_audit(s, actor, user_id, token_id, peel_buf_str(&label), false, err) < 0)
        rc = -1;
    peel_buf_release(&label);
    return rc;
}
