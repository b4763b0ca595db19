/* pages_admin.c - the account pages: the accounts with their role, whether
 * a password is set, how many API tokens they hold and their latest
 * sign-in; setting an account's password; listing, creating and revoking
 * its API tokens.  Adding an account or changing its role stays with the
 * generic record pages of the `user` type, which link here.
 *
 * Access: admin only (PEEL_PAGE_ADMIN, decided in policy.c), enforced by
 * the server's dispatch before a handler here runs, together with the CSRF
 * check of every form post.  The work is done by the functions the
 * commands use: peel_web_user_set (`peel user passwd`: argon2id hash, the
 * change audited, every session of the account ended) and auth.c's token
 * functions (only the token's hash kept, an audit row for each token made
 * or revoked).  This file reads forms and writes HTML through
 * render/html.h.
 *
 * Secrets: a password comes in the form body only; it is checked, handed to
 * peel_web_user_set and never written into a page, a URL or a log line (a
 * refused form comes back with its password boxes empty).  A new token is
 * written into one page, the answer to the POST that made it (never
 * cached: signed-in pages are no-store), and never again.
 *
 * Accounts are named in URLs by sign-in name (/admin/users/NAME) and
 * resolved as the commands and the record pages resolve them
 * (peel_crud_lookup: the name, else an id).  A name that cannot be one path
 * segment ("/" in it, "." or "..") is linked by the account's id.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/str.h"
#include "domain/people.h"
#include "model/crud.h"
#include "render/html.h"
#include "store/web_db.h"
#include "web/auth.h"
#include "web/http.h"

#define LABEL_MAX 100 /* bytes of a token's label */

/* ---- accounts ---- */

static const char *text_of(const peel_record *u, const char *field)
{
    int k = peel_type_field_index(u->type, field);
    return k >= 0 && u->v[k].set && u->v[k].s ? u->v[k].s : "";
}

static bool is_set(const peel_record *u, const char *field)
{
    int k = peel_type_field_index(u->type, field);
    return k >= 0 && u->v[k].set && (u->type->fields[k].type != PEEL_F_SECRET || u->v[k].s);
}

/* An account is active unless it says otherwise (as auth.c reads it). */
static bool is_active(const peel_record *u)
{
    int k = peel_type_field_index(u->type, "active");
    return k < 0 || !u->v[k].set || u->v[k].i != 0;
}

/* The URL segment that names the account: its name, or its id when the
 * name cannot travel as one path segment. */
static const char *account_seg(peel_req *r, const peel_record *u)
{
    const char *name = text_of(u, "name");
    if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
        return peel_pool_printf(r->pool, "%lld", (long long)u->id);
    return name;
}

/* The account the URL names; else answers 404 and returns NULL (NULL with
 * nothing answered is a failure, err set). */
static peel_record *account_or_404(peel_req *r, peel_str seg, peel_err *err)
{
    char *name = peel_pool_strndup(r->pool, seg.p, seg.n);
    int64_t id = 0;
    peel_record *u = NULL;

    if (!name) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        return NULL;
    }
    if (seg.n > 200 || peel_crud_lookup(r->store, &peel_type_user, name, &id, err) < 0 ||
        peel_store_get(r->store, &peel_type_user, id, &u, err) < 0) {
        if (err->code && err->code != PEEL_ENOTFOUND)
            return NULL;
        peel_err_clear(err);
        peel_req_error(r, 404, "not_found", NULL, "there is no account '%.64s'", name);
        return NULL;
    }
    return u;
}

/* "2023-10-09 13:00 UTC" in a <time> element. */
static void when(peel_req *r, int64_t t)
{
    char iso[24], people[32];
    peel_clock_format(t, iso);
    snprintf(people, sizeof people, "%.10s %.5s UTC", iso, iso + 11);
    peel_html(&r->out, "<time datetime=\"%s\">%s</time>", iso, people);
}

/* The latest recorded sign-in, or "Not recorded". */
static int last_signin(peel_req *r, const peel_record *u, peel_err *err)
{
    int64_t at = 0;
    int found = peel_webdb_last_signin(r->store, u->id, text_of(u, "name"), &at, err);
    if (found < 0)
        return -1;
    if (found)
        when(r, at);
    else
        peel_html_lit(&r->out, "Not recorded");
    return 0;
}

/* ---- the list of accounts ---- */

static int account_row(void *ctx, const peel_record *u, peel_err *err)
{
    peel_req *r = ctx;
    int64_t tokens = 0;

    if (peel_webdb_token_count(r->store, u->id, &tokens, err) < 0)
        return -1;
    peel_html(&r->out,
              "<tr><th scope=\"row\"><a href=\"/admin/users/%q\">%s</a></th>"
              "<td>%s</td><td>%s</td><td>%s</td><td>%lld</td><td>",
              account_seg(r, u), text_of(u, "name"),
              peel_enum_label(u->type, "role", text_of(u, "role")),
              is_active(u) ? "Active" : "Inactive", is_set(u, "password_hash") ? "Set" : "Not set",
              (long long)tokens);
    if (last_signin(r, u, err) < 0)
        return -1;
    peel_html_lit(&r->out, "</td></tr>\n");
    return 0;
}

static int admin_users(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_query q = {.type = &peel_type_user, .order = peel_type_field(&peel_type_user, "name")};
    (void)p;

    peel_page_begin(r, "Accounts");
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Accounts</h1>\n"
                  "<p class=\"body\">Open an account to set its password or to manage its API "
                  "tokens. Add an account, or change its role or whether it is active, in the "
                  "<a href=\"/records/user\">account records</a>.</p>\n"
                  "<div class=\"actions\"><a class=\"button\" href=\"/records/user/new\">Add an "
                  "account</a></div>\n"
                  "<div class=\"table-wrap\"><table>\n<caption class=\"visually-hidden\">Accounts "
                  "that sign in to peel</caption>\n"
                  "<thead><tr><th scope=\"col\">Sign-in name</th><th scope=\"col\">Role</th>"
                  "<th scope=\"col\">Status</th><th scope=\"col\">Password</th>"
                  "<th scope=\"col\">API tokens</th><th scope=\"col\">Last sign-in</th></tr>"
                  "</thead><tbody>\n");
    if (peel_store_select(r->store, &q, account_row, r, err) < 0)
        return -1;
    peel_html_lit(&r->out, "</tbody></table></div>\n"
                           "<p class=\"body\">peel keeps sign-ins for about a day (a session "
                           "ends after 12 hours), so an earlier one shows as \xe2\x80\x9cNot "
                           "recorded\xe2\x80\x9d.</p>\n");
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

/* ---- one account: its details and API tokens ---- */

/* A form's error: the field it belongs to (NULL for the form as a whole)
 * and the message. */
typedef struct form_err {
    const char *field;
    const char *label;
    const char *msg;
} form_err;

static void error_summary(peel_req *r, const form_err *e, size_t n)
{
    peel_problem p[8];
    for (size_t i = 0; i < n && i < 8; i++)
        p[i] = (peel_problem){
            .id = e[i].field,
            .label = e[i].label,
            .msg =
                e[i].field ? peel_pool_printf(r->pool, "%s: %s", e[i].label, e[i].msg) : e[i].msg,
        };
    for (size_t i = 0; i < n && i < 8; i++)
        if (!p[i].msg)
            p[i].msg = e[i].msg; /* out of memory: the message without its label */
    peel_page_error_summary(r, p, n < 8 ? n : 8);
}

static const char *error_for(const form_err *e, size_t n, const char *field)
{
    for (size_t i = 0; i < n; i++)
        if (e[i].field && !strcmp(e[i].field, field))
            return e[i].msg;
    return NULL;
}

/* The opening of a form group: label, hint, error message; then the caller
 * writes the control with control_attrs(). */
static void group_begin(peel_req *r, const char *id, const char *label, const char *hint,
                        const char *msg)
{
    peel_html(&r->out, "<div class=\"form-group%s\"><label for=\"%s\">%s</label>\n",
              msg ? " form-group--error" : "", id, label);
    if (hint)
        peel_html(&r->out, "<span class=\"hint\" id=\"%s-hint\">%s</span>\n", id, hint);
    if (msg)
        peel_html(&r->out,
                  "<p class=\"error-message\" id=\"%s-error\"><span "
                  "class=\"visually-hidden\">Error:</span> %s</p>\n",
                  id, msg);
}

static void control_attrs(peel_req *r, const char *id, bool hint, const char *msg)
{
    peel_html(&r->out, " class=\"input input--narrow%s\" id=\"%s\" name=\"%s\"",
              msg ? " input--error" : "", id, id);
    if (hint && msg)
        peel_html(&r->out, " aria-describedby=\"%s-hint %s-error\"", id, id);
    else if (hint || msg)
        peel_html(&r->out, " aria-describedby=\"%s-%s\"", id, hint ? "hint" : "error");
    if (msg)
        peel_html_lit(&r->out, " aria-invalid=\"true\"");
}

typedef struct token_row_ctx {
    peel_req *r;
    const char *seg;
    int shown;
} token_row_ctx;

static int token_row(void *ctx, const peel_webdb_token *t, peel_err *err)
{
    token_row_ctx *c = ctx;
    peel_req *r = c->r;
    (void)err;

    if (!c->shown++)
        peel_html_lit(&r->out, "<div class=\"table-wrap\"><table>\n<caption "
                               "class=\"visually-hidden\">API tokens of this account</caption>\n"
                               "<thead><tr><th scope=\"col\">Token</th><th scope=\"col\">Label"
                               "</th><th scope=\"col\">Created</th><th scope=\"col\">"
                               "<span class=\"visually-hidden\">Action</span></th></tr></thead>"
                               "<tbody>\n");
    peel_html(&r->out, "<tr><th scope=\"row\">Token %lld</th><td>%s</td><td>", (long long)t->id,
              t->label && *t->label ? t->label : "(no label)");
    when(r, t->created_at);
    peel_html(&r->out,
              "</td><td><a href=\"/admin/users/%q/tokens/%lld/revoke\">Revoke"
              "<span class=\"visually-hidden\"> token %lld</span></a></td></tr>\n",
              c->seg, (long long)t->id, (long long)t->id);
    return 0;
}

/* The account page; label and errs are the token form's after a refused
 * post (status 422), notice a line to show at the top. */
static int account_page(peel_req *r, const peel_record *u, unsigned status, const char *notice,
                        const char *label, const form_err *errs, size_t nerrs, peel_err *err)
{
    const char *name = text_of(u, "name"), *seg = account_seg(r, u);
    const char *label_msg = error_for(errs, nerrs, "label");
    token_row_ctx tc = {.r = r, .seg = seg};

    peel_page_begin(r, nerrs ? peel_pool_printf(r->pool, "Error: Account %s", name)
                             : peel_pool_printf(r->pool, "Account %s", name));
    if (nerrs)
        error_summary(r, errs, nerrs);
    if (notice)
        peel_html(&r->out, "<div class=\"notice notice--success\" role=\"status\">%s</div>\n",
                  notice);
    peel_html(&r->out,
              "<span class=\"caption\">Account</span><h1 class=\"heading-l\">%s</h1>\n"
              "<dl class=\"summary-list\">\n"
              "<div><dt>Role</dt><dd>%s</dd></div>\n"
              "<div><dt>Status</dt><dd>%s</dd></div>\n"
              "<div><dt>Password</dt><dd>%s</dd></div>\n"
              "<div><dt>Last sign-in</dt><dd>",
              name, peel_enum_label(u->type, "role", text_of(u, "role")),
              is_active(u) ? "Active" : "Inactive: cannot sign in or use its API tokens",
              is_set(u, "password_hash") ? "Set" : "Not set");
    if (last_signin(r, u, err) < 0)
        return -1;
    peel_html(&r->out,
              "</dd></div>\n</dl>\n<div class=\"actions\">"
              "<a class=\"button\" href=\"/admin/users/%q/password\">Set a new "
              "password</a>"
              "<a href=\"/records/user/%lld/edit\">Change role or status</a>"
              "<a href=\"/admin/users\">All accounts</a></div>\n"
              "<h2 class=\"heading-m\">API tokens</h2>\n"
              "<p class=\"body\">A program sends an API token to read and change records "
              "through the JSON API (/api/v1) as this account, with its role. peel keeps "
              "only a hash of each token.</p>\n",
              seg, (long long)u->id);
    if (peel_webdb_token_list(r->store, u->id, token_row, &tc, err) < 0)
        return -1;
    if (tc.shown)
        peel_html_lit(&r->out, "</tbody></table></div>\n");
    else
        peel_html_lit(&r->out, "<p class=\"body\">This account has no API tokens.</p>\n");
    peel_html(&r->out,
              "<h2 class=\"heading-m\" id=\"new-token\">Create an API token</h2>\n"
              "<form method=\"post\" action=\"/admin/users/%q/tokens\" novalidate>\n",
              seg);
    peel_page_csrf(r);
    group_begin(r, "label", "Label (optional)",
                "What the token is for, such as the program that uses it", label_msg);
    peel_html_lit(&r->out, "<input type=\"text\" spellcheck=\"false\" autocomplete=\"off\"");
    control_attrs(r, "label", true, label_msg);
    peel_html(&r->out,
              " value=\"%s\"></div>\n<button class=\"button\">Create token</button>\n"
              "</form>\n",
              label ? label : "");
    peel_page_end(r);
    return peel_req_html_page(r, status);
}

static int admin_user(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_record *u = account_or_404(r, p[0], err);
    int rc;
    if (!u)
        return r->answered ? 0 : -1;
    rc = account_page(r, u, 200,
                      peel_req_arg(r, "revoked") ? "The API token was revoked: programs that "
                                                   "send it are now refused."
                                                 : NULL,
                      NULL, NULL, 0, err);
    peel_record_free(u);
    return rc;
}

/* ---- setting a password ---- */

static int password_form(peel_req *r, const peel_record *u, unsigned status, const form_err *errs,
                         size_t nerrs)
{
    const char *name = text_of(u, "name");
    const char *pw_msg = error_for(errs, nerrs, "password");
    const char *again_msg = error_for(errs, nerrs, "confirm");

    peel_page_begin(
        r, peel_pool_printf(r->pool, "%sSet a new password for %s", nerrs ? "Error: " : "", name));
    if (nerrs)
        error_summary(r, errs, nerrs);
    peel_html(&r->out,
              "<span class=\"caption\">Account %s</span><h1 class=\"heading-l\">Set a "
              "new password for %s</h1>\n"
              "<p class=\"body\">Setting a password ends every session of the account: "
              "whoever is signed in as %s must sign in again with the new password. Its "
              "API tokens keep working.</p>\n",
              name, name, name);
    if (u->id == r->user_id)
        peel_html_lit(&r->out, "<p class=\"body\"><strong>This is your own account: you will "
                               "be signed out.</strong></p>\n");
    peel_html(&r->out, "<form method=\"post\" action=\"/admin/users/%q/password\" novalidate>\n",
              account_seg(r, u));
    peel_page_csrf(r);
    group_begin(r, "password", "New password", "At least 10 characters", pw_msg);
    peel_html_lit(&r->out, "<input type=\"password\" autocomplete=\"new-password\"");
    control_attrs(r, "password", true, pw_msg);
    peel_html_lit(&r->out, "></div>\n");
    group_begin(r, "confirm", "New password again", NULL, again_msg);
    peel_html_lit(&r->out, "<input type=\"password\" autocomplete=\"new-password\"");
    control_attrs(r, "confirm", false, again_msg);
    peel_html(&r->out,
              "></div>\n<button class=\"button\">Set password</button> "
              "<a href=\"/admin/users/%q\">Cancel</a>\n</form>\n",
              account_seg(r, u));
    peel_page_end(r);
    return peel_req_html_page(r, status);
}

static int admin_password_form(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_record *u = account_or_404(r, p[0], err);
    int rc;
    if (!u)
        return r->answered ? 0 : -1;
    rc = password_form(r, u, 200, NULL, 0);
    peel_record_free(u);
    return rc;
}

/* Checks the two boxes; fills errs (every problem, by field) and returns
 * how many.  The messages never repeat what was typed. */
static size_t password_errors(peel_req *r, const peel_kv *pw, const peel_kv *again, form_err *errs)
{
    static const char label_pw[] = "New password", label_again[] = "New password again";
    peel_err e = PEEL_ERR_INIT;
    size_t n = 0;

    if (!pw || !pw->len)
        errs[n++] = (form_err){"password", label_pw, "enter the new password"};
    else if (memchr(pw->value, '\0', pw->len))
        errs[n++] = (form_err){"password", label_pw,
                               "the password must not contain a NUL "
                               "character"};
    else if (peel_auth_password_check(pw->value, &e) < 0)
        errs[n++] = (form_err){"password", label_pw, peel_pool_strdup(r->pool, e.msg)};
    if (!again || !again->len)
        errs[n++] = (form_err){"confirm", label_again, "enter the new password again"};
    else if (pw && (pw->len != again->len || sodium_memcmp(pw->value, again->value, pw->len)))
        errs[n++] = (form_err){"confirm", label_again, "the passwords do not match"};
    return n;
}

static int admin_password_set(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_record *u = account_or_404(r, p[0], err);
    const peel_kv *pw = peel_req_field(r, "password"), *again = peel_req_field(r, "confirm");
    form_err errs[2];
    size_t nerrs;
    const char *name;
    bool self;
    int rc = -1;

    if (!u)
        return r->answered ? 0 : -1;
    name = text_of(u, "name");
    self = u->id == r->user_id;
    nerrs = password_errors(r, pw, again, errs);
    if (nerrs) {
        rc = password_form(r, u, 422, errs, nerrs);
        goto out;
    }
    if (peel_store_begin(r->store, err) < 0)
        goto out;
    if (peel_web_user_set(r->store, r->user, name, NULL, pw->value, false, err) < 0 ||
        peel_store_commit(r->store, err) < 0) {
        peel_store_rollback(r->store);
        if (err->code != PEEL_EINPUT)
            goto out;
        errs[0] = (form_err){NULL, NULL,
                             peel_pool_printf(r->pool,
                                              "The password was not "
                                              "changed: %s",
                                              err->msg)};
        peel_err_clear(err);
        rc = password_form(r, u, 422, errs, 1);
        goto out;
    }
    /* The account's sessions are gone; for one's own, clear the cookie too. */
    if (self && peel_auth_signout(r, err) < 0)
        goto out;
    peel_page_begin(r, "Password changed");
    peel_html(&r->out,
              "<div class=\"notice notice--success\" role=\"status\">The password for %s "
              "was changed.</div>\n"
              "<h1 class=\"heading-l\">Password changed</h1>\n"
              "<p class=\"body\">Every session of %s has ended: whoever was signed in "
              "as %s must sign in again with the new password.</p>\n",
              name, name, name);
    if (self)
        peel_html_lit(&r->out, "<p class=\"body\">You have been signed out. <a href=\"/signin\">"
                               "Sign in</a> with the new password.</p>\n");
    else
        peel_html(&r->out,
                  "<p class=\"body\"><a href=\"/admin/users/%q\">Back to the account"
                  "</a></p>\n",
                  account_seg(r, u));
    peel_page_end(r);
    rc = peel_req_html_page(r, 200);
out:
    peel_record_free(u);
    return rc;
}

/* ---- API tokens ---- */

/* The token form's label: NULL when empty; errs gets a message when it is
 * too long or not plain text. */
static const char *token_label(const peel_kv *f, form_err *errs, size_t *nerrs)
{
    static const char lbl[] = "Label";
    if (!f || !f->len)
        return NULL;
    if (f->len > LABEL_MAX) {
        errs[(*nerrs)++] = (form_err){"label", lbl, "the label must be at most 100 characters"};
    } else if (!peel_utf8_valid(f->value, f->len, NULL)) {
        errs[(*nerrs)++] = (form_err){"label", lbl, "the label is not valid UTF-8"};
    } else {
        for (size_t i = 0; i < f->len; i++) {
            unsigned char c = (unsigned char)f->value[i];
            if (c < 0x20 || c == 0x7f) {
                errs[(*nerrs)++] = (form_err){"label", lbl, "the label must be one line of text"};
                break;
            }
        }
    }
    return f->value;
}

static int token_page(peel_req *r, const peel_record *u, const char *tok, const char *label)
{
    const char *name = text_of(u, "name");
    peel_page_begin(r, "API token created");
    peel_html(&r->out,
              "<div class=\"notice notice--success\" role=\"status\">An API token was "
              "created for %s.</div>\n<h1 class=\"heading-l\">Copy the new API token"
              "</h1>\n"
              "<div class=\"notice\" role=\"note\"><strong>This token will not be shown "
              "again.</strong> peel keeps only a hash of it. Copy it now and keep it "
              "somewhere safe; if it is lost, revoke it and create another.</div>\n"
              "<div class=\"form-group\"><label for=\"token\">API token for %s%s%s%s"
              "</label>\n<span class=\"hint\" id=\"token-hint\">A program sends it in "
              "each request as the header Authorization: Bearer followed by the token"
              "</span>\n<input class=\"input\" id=\"token\" type=\"text\" readonly "
              "spellcheck=\"false\" autocomplete=\"off\" aria-describedby=\"token-hint\" "
              "value=\"%s\"></div>\n"
              "<p class=\"body\"><a href=\"/admin/users/%q\">Back to the account</a>"
              "</p>\n",
              name, name, label ? " (" : "", label ? label : "", label ? ")" : "", tok,
              account_seg(r, u));
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

static int admin_token_create(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_record *u = account_or_404(r, p[0], err);
    form_err errs[1];
    size_t nerrs = 0;
    const char *label;
    char tok[64];
    int rc = -1;

    if (!u)
        return r->answered ? 0 : -1;
    label = token_label(peel_req_field(r, "label"), errs, &nerrs);
    if (nerrs) {
        rc = account_page(r, u, 422, NULL, label, errs, nerrs, err);
        goto out;
    }
    if (peel_store_begin(r->store, err) < 0)
        goto out;
    if (peel_auth_token_create(r->store, r->user, text_of(u, "name"), label, tok, err) < 0 ||
        peel_store_commit(r->store, err) < 0) {
        peel_store_rollback(r->store);
        if (err->code != PEEL_EINPUT)
            goto out;
        /* An inactive account: the form as a whole is refused. */
        errs[0] =
            (form_err){NULL, NULL, peel_pool_printf(r->pool, "No token was created: %s", err->msg)};
        peel_err_clear(err);
        rc = account_page(r, u, 422, NULL, label, errs, 1, err);
        goto out;
    }
    rc = token_page(r, u, tok, label);
    sodium_memzero(tok, sizeof tok);
out:
    peel_record_free(u);
    return rc;
}

/* The token number in seg of account u, its label (pool copy, NULL when
 * none) in *label; else answers 404 and returns 0.  -1 on failure. */
static int token_or_404(peel_req *r, const peel_record *u, peel_str seg, int64_t *id,
                        const char **label, peel_err *err)
{
    peel_buf b = PEEL_BUF_INIT;
    long long n = 0;
    int found = 0;

    if (peel_str_to_i64(seg, &n) && n > 0)
        found = peel_webdb_token_label(r->store, u->id, n, &b, err);
    *id = n;
    *label = found > 0 && b.len ? peel_pool_strdup(r->pool, peel_buf_str(&b)) : NULL;
    if (found > 0 && b.len && !*label)
        found = peel_err_set(err, PEEL_ENOMEM, "out of memory");
    peel_buf_release(&b);
    if (found == 0)
        peel_req_error(r, 404, "not_found", NULL, "%s has no API token %.20s", text_of(u, "name"),
                       n > 0 ? peel_pool_printf(r->pool, "%lld", n) : "");
    return found;
}

static int admin_token_revoke_form(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_record *u = account_or_404(r, p[0], err);
    const char *label;
    int64_t id;
    int found;

    if (!u)
        return r->answered ? 0 : -1;
    if ((found = token_or_404(r, u, p[1], &id, &label, err)) <= 0) {
        peel_record_free(u);
        return found;
    }
    peel_page_begin(r, "Revoke an API token");
    peel_html(&r->out,
              "<span class=\"caption\">Account %s</span><h1 class=\"heading-l\">Revoke "
              "token %lld%s%s%s?</h1>\n"
              "<p class=\"body\">Programs that send this token will be refused from now "
              "on. This cannot be undone: a program that still needs access needs a new "
              "token.</p>\n"
              "<form method=\"post\" action=\"/admin/users/%q/tokens/%lld/revoke\">\n",
              text_of(u, "name"), (long long)id, label ? " (" : "", label ? label : "",
              label ? ")" : "", account_seg(r, u), (long long)id);
    peel_page_csrf(r);
    peel_html(&r->out,
              "<button class=\"button button--warning\">Revoke token</button> "
              "<a href=\"/admin/users/%q\">Cancel</a>\n</form>\n",
              account_seg(r, u));
    peel_page_end(r);
    peel_record_free(u);
    return peel_req_html_page(r, 200);
}

static int admin_token_revoke(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_record *u = account_or_404(r, p[0], err);
    peel_buf to = PEEL_BUF_INIT;
    long long id = 0;
    int done = 0, rc = -1;

    if (!u)
        return r->answered ? 0 : -1;
    if (peel_str_to_i64(p[1], &id) && id > 0) {
        if (peel_store_begin(r->store, err) < 0)
            goto out;
        done = peel_auth_token_revoke(r->store, r->user, u->id, id, err);
        if (done < 0 || peel_store_commit(r->store, err) < 0) {
            peel_store_rollback(r->store);
            goto out;
        }
    }
    if (!done) {
        rc =
            peel_req_error(r, 404, "not_found", NULL, "%s has no API token %.20s",
                           text_of(u, "name"), id > 0 ? peel_pool_printf(r->pool, "%lld", id) : "");
        goto out;
    }
    peel_buf_puts(&to, "/admin/users/");
    peel_html_urlenc(&to, account_seg(r, u));
    peel_buf_puts(&to, "?revoked=1");
    if (to.failed) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        goto out;
    }
    rc = peel_req_redirect(r, peel_pool_strdup(r->pool, peel_buf_str(&to)));
out:
    peel_buf_release(&to);
    peel_record_free(u);
    return rc;
}

/* ---- routes ---- */

const peel_route peel_routes_admin[] = {
    {"GET", "/admin/users", admin_users, PEEL_PAGE_ADMIN, "Accounts", NULL},
    {"GET", "/admin/users/*", admin_user, PEEL_PAGE_ADMIN, NULL, NULL},
    {"GET", "/admin/users/*/password", admin_password_form, PEEL_PAGE_ADMIN, NULL, NULL},
    {"POST", "/admin/users/*/password", admin_password_set, PEEL_PAGE_ADMIN, NULL, NULL},
    {"POST", "/admin/users/*/tokens", admin_token_create, PEEL_PAGE_ADMIN, NULL, NULL},
    {"GET", "/admin/users/*/tokens/*/revoke", admin_token_revoke_form, PEEL_PAGE_ADMIN, NULL, NULL},
    {"POST", "/admin/users/*/tokens/*/revoke", admin_token_revoke, PEEL_PAGE_ADMIN, NULL, NULL},
    {0},
};
