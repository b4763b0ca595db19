/* contact_pages.c - the public contact form and status page.
 *
 *   GET  /contact         the form: name, email, optional postal address,
 *                         who is writing, subject, message
 *   POST /contact         saves a `contact` (contact.c) through the same
 *                         create as every other record, so the type's
 *                         rules apply; answers with its reference and a
 *                         status token, shown once
 *   GET  /contact/status  a form asking for the reference and the token
 *   POST /contact/status  the reference, its state, the day it was
 *                         received and the day it was answered: nothing
 *                         else (no owner, no message, no sender)
 *
 * The status lookup is a POST so the token never appears in an address,
 * where proxies, browser histories and the access log would keep it.  Only
 * the token's BLAKE2b hash is stored (the token is 32 random bytes, so a
 * fast hash is enough, as for sessions); it is compared in constant time,
 * and an unknown reference compares against a dummy, so a wrong token and
 * an unknown reference get the same answer, byte for byte.
 *
 * Abuse: the server decides who is asking from the headers and refuses a
 * body over the limit for readers who are not signed in (64 KiB,
 * peel_web_config.max_anon_body) from its Content-Length, before reading
 * it, and stops collecting one that runs past it; this page then refuses a
 * body over CONTACT_MAX_BODY and each field over its length (counted in
 * bytes, as the record's limits are); the message is only
 * ever written as escaped text (render/html.h), never as a link; and each
 * client address may post the form CONTACT_POSTS_PER_HOUR times an hour
 * (whether or not what it sends is accepted) and look up
 * CONTACT_LOOKUPS_PER_MINUTE statuses a minute (429 beyond).  The counts
 * are held in memory, in a bounded table: each `peel serve` process keeps
 * its own, and they start again when it restarts (issue 16 moves the web's
 * sessions to the database; these counts could follow them there).
 *
 * The records themselves stay staff only: the type has no publish field
 * (model/reader.h), so these pages are the public's only way in. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "engagement/contact_pages.h"
#include "engagement/engagement.h"
#include "model/crud.h"
#include "render/html.h"
#include "web/http.h"

#define CONTACT_MAX_BODY (24 << 10)
#define CONTACT_POSTS_PER_HOUR 5
#define CONTACT_LOOKUPS_PER_MINUTE 10
#define CONTACT_USER "contact form" /* who the audit trail says created it */
#define TOKEN_BYTES 32
#define HASH_HEX (crypto_generichash_BYTES * 2 + 1)

/* ---- rate limits ---- */

#define RL_SLOTS 1024

typedef struct rl_slot {
    char addr[64];
    int64_t start; /* the window's first second (monotonic clock) */
    int count;
} rl_slot;

typedef struct rl_table {
    pthread_mutex_t mu;
    rl_slot v[RL_SLOTS];
} rl_table;

static rl_table posts = {.mu = PTHREAD_MUTEX_INITIALIZER};
static rl_table lookups = {.mu = PTHREAD_MUTEX_INITIALIZER};

/* Seconds of the monotonic clock: the limits count real time, never peel's
 * injectable clock (which the tests fix). */
static int64_t mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec;
}

/* Counts one request from addr in a fixed window of window_s seconds: true
 * when it is within limit; false, with *wait_s the seconds until the
 * window ends, when it is not (and it is not counted).  When the table is
 * full, the slot whose window ended, else the one that started longest
 * ago, is given to the new address. */
static bool rl_claim(rl_table *t, const char *addr, int64_t window_s, int limit, int64_t *wait_s)
{
    int64_t now = mono_s();
    rl_slot *s = NULL, *victim = &t->v[0];
    bool ok;

    pthread_mutex_lock(&t->mu);
    for (size_t i = 0; i < RL_SLOTS && !s; i++) {
        rl_slot *c = &t->v[i];
        if (c->addr[0] && !strcmp(c->addr, addr))
            s = c;
        else if (!c->addr[0] || now - c->start >= window_s)
            victim = !victim->addr[0] ? victim : c;
        else if (victim->addr[0] && now - victim->start < window_s && c->start < victim->start)
            victim = c;
    }
    if (!s) {
        s = victim;
        snprintf(s->addr, sizeof s->addr, "%s", addr);
        s->start = now;
        s->count = 0;
    } else if (now - s->start >= window_s) {
        s->start = now;
        s->count = 0;
    }
    ok = s->count < limit;
    if (ok)
        s->count++;
    *wait_s = ok ? 0 : s->start + window_s - now;
    pthread_mutex_unlock(&t->mu);
    return ok;
}

static int too_many(peel_req *r, int64_t wait_s, const char *what)
{
    peel_req_add_header(r, "Retry-After", peel_pool_printf(r->pool, "%lld", (long long)wait_s));
    return peel_req_error(r, 429, "too_many_requests", NULL,
                          "too many %s from your address: try again in %lld minute%s", what,
                          (long long)((wait_s + 59) / 60), (wait_s + 59) / 60 == 1 ? "" : "s");
}

/* ---- the form ---- */

/* The form's controls: id (also the name posted), the record's field,
 * label, hint, longest length, whether required and how it is drawn. */
typedef struct control {
    const char *id, *field, *label, *hint;
    size_t max;
    bool required;
    enum { C_TEXT, C_EMAIL, C_AREA, C_KIND } kind;
} control;

static const control controls[] = {
    {"name", "sender_name", "Your name", NULL, 200, true, C_TEXT},
    {"email", "sender_email", "Your email address", "We reply to this address", 254, true, C_EMAIL},
    {"address", "sender_address", "Your postal address (optional)",
     "If you would rather have a reply by post", 500, false, C_AREA},
    {"kind", "sender_kind", "You are writing as", NULL, 0, true, C_KIND},
    {"subject", "subject", "Subject", "At most 200 characters", 200, true, C_TEXT},
    {"message", "message", "Your message",
     "At most 4,000 characters. Write it as plain text: web addresses are kept as text and "
     "never turned into links",
     4000, true, C_AREA},
};
#define NCONTROLS (sizeof controls / sizeof controls[0])

/* The values of contact.sender_kind, as the public reads them. */
static const peel_option public_kinds[] = {
    {"resident", "A resident"},
    {"councillor", "A councillor"},
    {"mp", "A Member of Parliament"},
    {"other", "Someone else"},
    {0},
};

static const control *control_of_field(const char *field)
{
    for (size_t i = 0; field && i < NCONTROLS; i++)
        if (!strcmp(controls[i].field, field))
            return &controls[i];
    return NULL;
}

static const char *typed(peel_req *r, const char *id)
{
    const peel_kv *f = peel_req_field(r, id);
    return f && f->value ? f->value : "";
}

static void add_problem(peel_req *r, const char *id, const char *label, const char *msg)
{
    if (r->nproblems < PEEL_REQ_MAX_PROBLEMS)
        r->problems[r->nproblems++] = (peel_problem){.id = id, .label = label, .msg = msg};
}

static const char *problem_for(peel_req *r, const char *id)
{
    for (size_t i = 0; i < r->nproblems; i++)
        if (r->problems[i].id && !strcmp(r->problems[i].id, id))
            return r->problems[i].msg;
    return NULL;
}

static void draw_control(peel_req *r, const control *c, bool keep)
{
    const char *msg = problem_for(r, c->id), *v = keep ? typed(r, c->id) : "";

    peel_html(&r->out, "<div class=\"form-group%s\"><label for=\"%s\">%s</label>\n",
              msg ? " form-group--error" : "", c->id, c->label);
    if (c->hint)
        peel_html(&r->out, "<span class=\"hint\" id=\"%s-hint\">%s</span>\n", c->id, c->hint);
    if (msg)
        peel_html(&r->out,
                  "<p class=\"error-message\" id=\"%s-error\"><span class=\"visually-hidden\">"
                  "Error:</span> %s</p>\n",
                  c->id, msg);
    if (c->kind == C_AREA)
        peel_html(&r->out, "<textarea class=\"input%s\" id=\"%s\" name=\"%s\" rows=\"%d\"",
                  msg ? " input--error" : "", c->id, c->id, c->max > 1000 ? 10 : 4);
    else if (c->kind == C_KIND)
        peel_html(&r->out, "<select class=\"input%s\" id=\"%s\" name=\"%s\"",
                  msg ? " input--error" : "", c->id, c->id);
    else
        peel_html(&r->out, "<input class=\"input%s\" type=\"%s\" id=\"%s\" name=\"%s\"",
                  msg ? " input--error" : "", c->kind == C_EMAIL ? "email" : "text", c->id, c->id);
    if (c->max)
        peel_html(&r->out, " maxlength=\"%lld\"", (long long)c->max);
    if (c->kind == C_EMAIL)
        peel_html_lit(&r->out, " autocomplete=\"email\" spellcheck=\"false\"");
    if (!strcmp(c->id, "name"))
        peel_html_lit(&r->out, " autocomplete=\"name\"");
    if (msg)
        peel_html_lit(&r->out, " aria-invalid=\"true\"");
    if (c->hint && msg)
        peel_html(&r->out, " aria-describedby=\"%s-hint %s-error\"", c->id, c->id);
    else if (c->hint || msg)
        peel_html(&r->out, " aria-describedby=\"%s-%s\"", c->id, c->hint ? "hint" : "error");
    if (c->kind == C_AREA) {
        peel_html(&r->out, ">%s</textarea></div>\n", v);
    } else if (c->kind == C_KIND) {
        peel_html_lit(&r->out, "><option value=\"\"></option>");
        for (const peel_option *o = public_kinds; o->value; o++)
            peel_html(&r->out, "<option value=\"%s\"%s>%s</option>", o->value,
                      !strcmp(v, o->value) ? " selected" : "", o->label);
        peel_html_lit(&r->out, "</select></div>\n");
    } else {
        peel_html(&r->out, " value=\"%s\"></div>\n", v);
    }
}

static int form_page(peel_req *r, unsigned status, bool keep, peel_err *err)
{
    int days;
    if (peel_contact_target_days(r->store, &days, err) < 0)
        return -1;
    peel_page_begin(r,
                    r->nproblems ? "Error: Contact the Commissioner" : "Contact the Commissioner");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html(&r->out,
              "<h1 class=\"heading-l\">Contact the Commissioner</h1>\n"
              "<p class=\"body\">Write to the Police and Crime Commissioner's office. You will "
              "get a reference and a token to see how your message is getting on. The office "
              "aims to answer within %d working days.</p>\n"
              "<p class=\"body\">Your name, contact details and message are seen only by the "
              "office's staff, and by the police force if your message is passed to it. They "
              "are never published. To report a crime, call 101, or 999 in an emergency.</p>\n"
              "<form method=\"post\" action=\"/contact\" novalidate>\n",
              days);
    peel_page_csrf(r);
    for (size_t i = 0; i < NCONTROLS; i++)
        draw_control(r, &controls[i], keep);
    peel_html(&r->out,
              "<p class=\"hint\">The form may be sent %d times an hour from one address, "
              "counting attempts with a problem.</p>\n"
              "<button class=\"button\">Send</button>\n</form>\n"
              "<p class=\"body\">Already written? <a href=\"/contact/status\">See how your "
              "message is getting on</a>.</p>\n",
              CONTACT_POSTS_PER_HOUR);
    peel_page_end(r);
    return peel_req_html_page(r, status);
}

int peel_contact_page_form(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const none[] = {NULL};
    (void)p;
    (void)err;
    peel_params_allowed(r, none);
    if (r->nproblems)
        return peel_req_error(r, 400, "invalid", NULL, "%s", r->problems[0].msg);
    return form_page(r, 200, false, err);
}

/* ---- sending ---- */

static void token_hash(const char *tok, char hex[HASH_HEX])
{
    unsigned char h[crypto_generichash_BYTES];
    crypto_generichash(h, sizeof h, (const unsigned char *)tok, strlen(tok), NULL, 0);
    sodium_bin2hex(hex, HASH_HEX, h, sizeof h);
}

/* The form's own checks, before the record's: every required control
 * given, none longer than its limit.  Adds problems. */
static void check_form(peel_req *r)
{
    for (size_t i = 0; i < NCONTROLS; i++) {
        const control *c = &controls[i];
        const peel_kv *f = peel_req_field(r, c->id);
        size_t n = f ? f->len : 0;
        if (!n && c->required)
            add_problem(r, c->id, c->label,
                        peel_pool_printf(r->pool, "Enter %s",
                                         c->kind == C_KIND           ? "who you are writing as"
                                         : !strcmp(c->id, "name")    ? "your name"
                                         : !strcmp(c->id, "email")   ? "your email address"
                                         : !strcmp(c->id, "subject") ? "a subject"
                                                                     : "your message"));
        else if (c->max && n > c->max)
            add_problem(r, c->id, c->label,
                        peel_pool_printf(r->pool,
                                         "%s is too long: at most %zu characters (accented "
                                         "letters and symbols count as two or more)",
                                         c->label, c->max));
    }
}

/* A new record from the form: 0; 1 with problems added; -1 (err set) when
 * memory runs out. */
static int build(peel_req *r, const char *ref, const char *hash, peel_date due, peel_record **out,
                 peel_err *err)
{
    peel_fielderrs fe = {0};
    peel_record *rec = peel_record_new(&peel_type_contact);
    char received[11], due_s[11];

    *out = NULL;
    if (!rec)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    peel_date_format(peel_clock_today(), received);
    peel_date_format(due, due_s);
    peel_crud_assign(rec, "ref", ref, strlen(ref), false, &fe);
    peel_crud_assign(rec, "channel", "web_form", 8, false, &fe);
    peel_crud_assign(rec, "received", received, strlen(received), false, &fe);
    peel_crud_assign(rec, "due", due_s, strlen(due_s), false, &fe);
    peel_crud_assign(rec, "token_hash", hash, strlen(hash), true, &fe);
    for (size_t i = 0; i < NCONTROLS; i++) {
        const peel_kv *f = peel_req_field(r, controls[i].id);
        if (f && f->len)
            peel_crud_assign(rec, controls[i].field, f->value, f->len, false, &fe);
    }
    for (size_t i = 0; i < fe.n; i++) {
        const control *c = control_of_field(fe.e[i].field);
        add_problem(
            r, c ? c->id : NULL, c ? c->label : NULL,
            peel_pool_printf(r->pool, "%s: %s", c ? c->label : "Your message", fe.e[i].msg));
    }
    if (fe.n) {
        peel_record_free(rec);
        return 1;
    }
    *out = rec;
    return 0;
}

static int sent_page(peel_req *r, const char *ref, const char *token, peel_date due)
{
    char when[32];
    peel_date_format_long(due, when);
    peel_req_add_header(r, "Cache-Control", "no-store");
    peel_page_begin(r, "Message sent");
    peel_html(&r->out,
              "<div class=\"panel\" id=\"contact-sent\"><h1 class=\"heading-l\">Message sent</h1>\n"
              "<p class=\"body\">Your reference is <strong id=\"contact-ref\">%s</strong></p>\n"
              "</div>\n"
              "<p class=\"body\">Your token is <strong><code id=\"contact-token\">%s</code>"
              "</strong></p>\n"
              "<p class=\"body\">Keep the reference and the token: together they show how your "
              "message is getting on, on the <a href=\"/contact/status\">status page</a>. This "
              "is the only time the token is shown, and the office cannot tell you it again.</p>"
              "\n<p class=\"body\">The office aims to answer by %s.</p>\n",
              ref, token, when);
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

int peel_contact_page_send(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_fielderrs fe = {0};
    peel_record *rec = NULL;
    unsigned char raw[TOKEN_BYTES];
    char token[64], hash[HASH_HEX], ref[32];
    peel_date due;
    int64_t wait_s;
    int rc = 1;
    (void)p;

    if (!rl_claim(&posts, r->addr, 3600, CONTACT_POSTS_PER_HOUR, &wait_s))
        return too_many(r, wait_s, "messages");
    if (r->body_len > CONTACT_MAX_BODY)
        return peel_req_error(r, 413, "too_large", NULL,
                              "the form sent is larger than the %d bytes allowed: the message "
                              "may be at most 4,000 characters; nothing was saved",
                              CONTACT_MAX_BODY);
    check_form(r);
    if (r->nproblems)
        return form_page(r, 400, true, err);
    if (peel_contact_due(r->store, peel_clock_today(), &due, err) < 0)
        return -1;
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(token, sizeof token, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    token_hash(token, hash);
    /* Another server may take the same next reference at the same moment:
     * the unique reference refuses the second, which tries the next. */
    for (int attempt = 0; rc == 1 && attempt < 5; attempt++) {
        int y, m, d;
        peel_date_to_ymd(peel_clock_today(), &y, &m, &d);
        if (peel_contact_next_ref(r->store, y, ref, err) < 0)
            return -1;
        rc = build(r, ref, hash, due, &rec, err);
        if (rc)
            return rc < 0 ? -1 : form_page(r, 400, true, err);
        fe = (peel_fielderrs){0};
        rc = peel_crud_save(r->store, CONTACT_USER, rec, true, &fe, err);
        peel_record_free(rec);
        rec = NULL;
        if (rc == 1 && !(fe.n == 1 && fe.e[0].field && !strcmp(fe.e[0].field, "ref")))
            break;
    }
    if (rc < 0)
        return -1;
    if (rc == 1) {
        peel_err_clear(err);
        for (size_t i = 0; i < fe.n; i++) {
            const control *c = control_of_field(fe.e[i].field);
            add_problem(
                r, c ? c->id : NULL, c ? c->label : NULL,
                peel_pool_printf(r->pool, "%s: %s", c ? c->label : "Your message", fe.e[i].msg));
        }
        return form_page(r, 400, true, err);
    }
    rc = sent_page(r, ref, token, due);
    sodium_memzero(token, sizeof token);
    return rc;
}

/* ---- the status ---- */

static int status_form(peel_req *r, unsigned status, const char *notice)
{
    peel_req_add_header(r, "Cache-Control", "no-store");
    peel_page_begin(r, r->nproblems ? "Error: Your message's status" : "Your message's status");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html_lit(&r->out, "<h1 class=\"heading-l\">Your message's status</h1>\n");
    if (notice)
        peel_html(&r->out, "<p class=\"body\" id=\"contact-notice\">%s</p>\n", notice);
    peel_html_lit(&r->out,
                  "<p class=\"body\">Enter the reference and the token you were given when you "
                  "sent your message.</p>\n"
                  "<form method=\"post\" action=\"/contact/status\" novalidate "
                  "autocomplete=\"off\">\n");
    peel_page_csrf(r);
    peel_html_lit(&r->out,
                  "<div class=\"form-group\"><label for=\"ref\">Reference</label>\n"
                  "<span class=\"hint\" id=\"ref-hint\">For example C-2026-0001</span>\n"
                  "<input class=\"input input--narrow\" type=\"text\" id=\"ref\" name=\"ref\" "
                  "maxlength=\"60\" spellcheck=\"false\" aria-describedby=\"ref-hint\"></div>\n"
                  "<div class=\"form-group\"><label for=\"token\">Token</label>\n"
                  "<input class=\"input\" type=\"password\" id=\"token\" name=\"token\" "
                  "maxlength=\"100\" spellcheck=\"false\"></div>\n"
                  "<button class=\"button\">Show the status</button>\n</form>\n");
    peel_page_end(r);
    return peel_req_html_page(r, status);
}

int peel_contact_page_status_form(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const none[] = {NULL};
    (void)p;
    (void)err;
    peel_params_allowed(r, none);
    if (r->nproblems)
        return peel_req_error(r, 400, "invalid", NULL, "%s", r->problems[0].msg);
    return status_form(r, 200, NULL);
}

static int status_page(peel_req *r, const peel_record *rec, const char *label, peel_date answered)
{
    char received[32], when[32];

    peel_date_format_long((peel_date)rec->v[PEEL_CONTACT_RECEIVED].i, received);
    peel_req_add_header(r, "Cache-Control", "no-store");
    peel_page_begin(r, "Your message's status");
    peel_html(&r->out,
              "<h1 class=\"heading-l\">Your message's status</h1>\n"
              "<dl class=\"summary\" id=\"contact-status\">\n"
              "<div><dt>Reference</dt><dd>%s</dd></div>\n"
              "<div><dt>Status</dt><dd id=\"contact-state\">%s</dd></div>\n"
              "<div><dt>Received</dt><dd id=\"contact-received\">%s</dd></div>\n",
              rec->v[PEEL_CONTACT_REF].s, label, received);
    if (answered) {
        peel_date_format_long(answered, when);
        peel_html(&r->out, "<div><dt>Answered</dt><dd id=\"contact-answered\">%s</dd></div>\n",
                  when);
    }
    peel_html_lit(&r->out, "</dl>\n");
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

/* A form field without the spaces around it (pasted references and tokens). */
static peel_str trimmed(const peel_kv *f)
{
    const char *p = f->value;
    size_t n = f->len;
    while (n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
        p++;
        n--;
    }
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\n'))
        n--;
    return (peel_str){.p = p, .n = n};
}

int peel_contact_page_status(peel_req *r, const peel_str *p, peel_err *err)
{
    /* What an unknown reference's token is compared with. */
    static const char dummy[HASH_HEX] =
        "0000000000000000000000000000000000000000000000000000000000000000";
    const peel_kv *ref = peel_req_field(r, "ref"), *tok = peel_req_field(r, "token");
    const peel_field *kf = &peel_type_contact.fields[PEEL_CONTACT_REF];
    char hash[HASH_HEX], token[101];
    peel_record *rec = NULL;
    const char *stored = NULL, *label;
    peel_date answered;
    int64_t wait_s, id = 0;
    int found = 0, rc;
    bool ok;
    (void)p;

    if (!rl_claim(&lookups, r->addr, 60, CONTACT_LOOKUPS_PER_MINUTE, &wait_s))
        return too_many(r, wait_s, "status requests");
    if (!ref || !ref->len)
        add_problem(r, "ref", "Reference", "Enter your reference");
    if (!tok || !tok->len)
        add_problem(r, "token", "Token", "Enter your token");
    if (r->nproblems)
        return status_form(r, 400, NULL);
    peel_str rs = trimmed(ref), ts = trimmed(tok);
    snprintf(token, sizeof token, "%.*s", (int)(ts.n < 100 ? ts.n : 100), ts.p);
    token_hash(token, hash);
    sodium_memzero(token, sizeof token);
    if (rs.n && rs.n <= (size_t)kf->max && !memchr(rs.p, '\0', rs.n)) {
        peel_value key = {.set = true, .s = peel_pool_strndup(r->pool, rs.p, rs.n)};
        if (!key.s)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        found = peel_store_find(r->store, &peel_type_contact, kf, &key, &id, err);
        if (found < 0)
            return -1;
        if (found && peel_store_get(r->store, &peel_type_contact, id, &rec, err) < 0)
            return -1;
    }
    if (rec && rec->v[PEEL_CONTACT_TOKEN_HASH].set && rec->v[PEEL_CONTACT_TOKEN_HASH].s &&
        strlen(rec->v[PEEL_CONTACT_TOKEN_HASH].s) == HASH_HEX - 1)
        stored = rec->v[PEEL_CONTACT_TOKEN_HASH].s;
    /* The same comparison whether or not the reference is known. */
    ok = sodium_memcmp(stored ? stored : dummy, hash, HASH_HEX - 1) == 0 && stored;
    if (!ok) {
        peel_record_free(rec);
        return status_form(r, 404,
                           "No message matches that reference and token. Check both "
                           "and try again.");
    }
    if (peel_contact_state(r->store, rec, &label, &answered, err) < 0) {
        peel_record_free(rec);
        return -1;
    }
    rc = status_page(r, rec, label, answered);
    peel_record_free(rec);
    return rc;
}
