/* pages.c - the page layout every HTML response shares, the home page and
 * the sign-in pages.  The layout marks OFFICIAL-SENSITIVE material: when a
 * handler shows any, a banner goes at the top and bottom of the page.  The
 * home page is the modules' panels (peel_web_config.panels) for the reader;
 * the generic ones are here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/date.h"
#include "model/crud.h"
#include "render/html.h"
#include "store/store.h"
#include "web/auth.h"
#include "web/http.h"
#include "web/policy.h"

/* ---- layout ---- */

void peel_page_csrf(peel_req *r)
{
    peel_html(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", peel_auth_csrf(r));
}

/* The navigation: record types and the modules' pages the reader may open.
 * It comes after the content in the page, so on a phone the content is
 * first (the header's "Menu" link jumps to it); wider screens show it above
 * the content (peel.css, .page). */
static void page_nav(peel_req *r)
{
    size_t n;
    const peel_type *const *types = peel_types(&n);
    bool nav = false;

    size_t kinds = 0;
    for (size_t i = 0; i < n; i++)
        kinds += peel_reader_type_readable(peel_req_reader(r), types[i]);
    peel_html_lit(&r->out, "<div class=\"navs\" id=\"nav\">\n");
    /* Fifty kinds of record would bury the pages people work in: the list
     * folds away, open on a record page. */
    for (size_t i = 0; i < n; i++) {
        if (!peel_reader_type_readable(peel_req_reader(r), types[i]))
            continue;
        if (!nav)
            peel_html(&r->out,
                      "<nav class=\"nav\" aria-label=\"Records\"><details class=\"nav__records\"%s>"
                      "<summary>Records: %lld kinds</summary><ul>\n",
                      strncmp(r->path, "/records/", 9) ? "" : " open", (long long)kinds);
        nav = true;
        peel_html(&r->out, "<li><a href=\"/records/%q\">%s</a></li>\n", types[i]->name,
                  types[i]->plural);
    }
    if (nav)
        peel_html_lit(&r->out, "</ul></details></nav>\n");
    /* Modules' own pages (trackers, calendars, reports) the reader may open. */
    nav = false;
    for (size_t t = 0; r->cfg->routes[t]; t++) {
        for (const peel_route *rt = r->cfg->routes[t]; rt->method; rt++) {
            if (!rt->nav || !peel_policy_page_readable(r->role, rt->access))
                continue;
            if (!nav)
                peel_html_lit(&r->out, "<nav class=\"nav nav--pages\" aria-label=\"Reports and "
                                       "tools\"><ul>\n");
            nav = true;
            peel_html(&r->out, "<li><a href=\"%s\"", rt->pattern);
            if (!strcmp(r->path, rt->pattern))
                peel_html_lit(&r->out, " aria-current=\"page\"");
            peel_html(&r->out, ">%s</a></li>\n", rt->nav);
        }
    }
    if (nav)
        peel_html_lit(&r->out, "</ul></nav>\n");
    peel_html_lit(&r->out, "</div>\n");
}

void peel_page_alternate(peel_req *r, const char *type, const char *href, const char *title)
{
    if (r->nalt < PEEL_REQ_MAX_ALT)
        r->alt[r->nalt++] = (struct peel_alternate){type, href, title};
}

void peel_page_begin(peel_req *r, const char *title)
{
    peel_html(&r->out,
              "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              "<title>%s - peel</title>\n<link rel=\"stylesheet\" href=\"%s\">\n"
              "<script src=\"%s\" defer></script>\n",
              title, peel_assets_url("peel.css"), peel_assets_url("peel.js"));
    for (size_t i = 0; i < r->nalt; i++)
        peel_html(&r->out, "<link rel=\"alternate\" type=\"%s\" href=\"%s\" title=\"%s\">\n",
                  r->alt[i].type, r->alt[i].href, r->alt[i].title);
    peel_html_lit(&r->out,
                  "</head>\n<body>\n"
                  "<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n"
                  "<header class=\"header\"><div class=\"header__inner\">\n"
                  "<a class=\"header__name\" href=\"/\">peel</a>\n"
                  "<span>Office of the Police and Crime Commissioner</span>\n"
                  "<form class=\"header__search\" role=\"search\" method=\"get\" "
                  "action=\"/search\"><label class=\"visually-hidden\" for=\"site-search\">"
                  "Search peel</label><input id=\"site-search\" name=\"q\" type=\"search\" "
                  "autocomplete=\"off\"><button class=\"button button--secondary\">Search</button>"
                  "</form>\n"
                  "<div class=\"header__user\">");
    if (r->user[0]) {
        peel_html(&r->out,
                  "<span>Signed in as %s (%s)</span>\n"
                  "<form method=\"post\" action=\"/signout\">",
                  r->user, peel_role_name(r->role));
        peel_page_csrf(r);
        peel_html_lit(&r->out, "<button class=\"button--link\">Sign out</button></form>");
    } else if (strcmp(r->path, "/signin") != 0) {
        peel_html_lit(&r->out, "<a href=\"/signin\">Sign in</a>");
    }
    peel_html_lit(&r->out, "<a class=\"menu-link\" href=\"#nav\">Menu</a>");
    peel_html_lit(&r->out, "</div>\n</div></header>\n<div class=\"page\">\n");
    r->banner_at = r->out.len;
    peel_html_lit(&r->out, "<div class=\"width\"><main id=\"main\">\n");
}

static void sensitive_banner(peel_buf *b)
{
    peel_html_lit(b, "<div class=\"sensitive-banner\" role=\"note\">OFFICIAL-SENSITIVE: this "
                     "page shows sensitive material. Do not share it outside the office.</div>\n");
}

void peel_page_end(peel_req *r)
{
    peel_html_lit(&r->out, "</main></div>\n");
    if (r->sensitive_shown)
        sensitive_banner(&r->out);
    page_nav(r);
    peel_html_lit(&r->out, "</div>\n");
    peel_html_lit(&r->out, "<footer class=\"footer\"><div class=\"width\">"
                           "peel: accountability, performance and engagement records.</div>"
                           "</footer>\n</body>\n</html>\n");
    if (r->sensitive_shown && !r->out.failed) {
        /* The top banner goes in above the content, now that we know. */
        peel_buf page = PEEL_BUF_INIT;
        peel_buf_init(&page, r->out.max);
        peel_buf_append(&page, r->out.data, r->banner_at);
        sensitive_banner(&page);
        peel_buf_append(&page, r->out.data + r->banner_at, r->out.len - r->banner_at);
        if (!page.failed) {
            peel_buf_release(&r->out);
            r->out = page;
        } else {
            peel_buf_release(&page);
        }
    }
}

void peel_page_sensitive_tag(peel_req *r)
{
    r->sensitive_shown = true;
    peel_html_lit(&r->out, " <strong class=\"tag tag--sensitive\">OFFICIAL-SENSITIVE</strong>");
}

void peel_page_record_title(const peel_record *rec, peel_buf *out)
{
    const peel_type *t = rec->type;
    int k = t->title ? peel_type_field_index(t, t->title) : -1;
    size_t before = out->len;
    if (k >= 0)
        peel_value_format(&t->fields[k], &rec->v[k], PEEL_VFMT_PEOPLE, out);
    if (out->len == before)
        peel_buf_printf(out, "%s %lld", t->label, (long long)rec->id);
}

/* ---- home ---- */

typedef struct due_ctx {
    peel_req *r;
    const peel_field *due;
    peel_date today;
    int shown;
} due_ctx;

static int due_row(void *ctx, const peel_record *rec, peel_err *err)
{
    due_ctx *c = ctx;
    peel_req *r = c->r;
    const peel_value *dv = peel_record_value(rec, c->due);
    peel_buf title = PEEL_BUF_INIT, when = PEEL_BUF_INIT;
    bool open;

    if (!peel_reader_record_visible(peel_req_reader(r), rec))
        return 0;
    /* The type's declared state: a status field or one computed. */
    if (peel_record_open(r->store, rec, c->today, &open, err) < 0)
        return -1;
    if (!open)
        return 0;
    peel_page_record_title(rec, &title);
    peel_value_format(c->due, dv, PEEL_VFMT_PEOPLE, &when);
    long long days = (long long)dv->i - (long long)c->today;
    peel_html(&r->out, "<tr><td><a href=\"/records/%q/%lld\">%s</a>", rec->type->name,
              (long long)rec->id, peel_buf_str(&title));
    if (peel_record_class(rec) == PEEL_OFFICIAL_SENSITIVE)
        peel_page_sensitive_tag(r);
    peel_html(&r->out, "</td><td>%s</td><td>%s</td><td>", rec->type->label, peel_buf_str(&when));
    if (days < 0)
        peel_html(&r->out, "<strong class=\"tag tag--red\">Overdue by %lld day%s</strong>", -days,
                  days == -1 ? "" : "s");
    else if (days == 0)
        peel_html_lit(&r->out, "<strong class=\"tag\">Due today</strong>");
    else
        peel_html(&r->out, "Due in %lld day%s", days, days == 1 ? "" : "s");
    peel_html_lit(&r->out, "</td></tr>\n");
    peel_buf_release(&title);
    peel_buf_release(&when);
    return ++c->shown >= 50 ? 1 : 0;
}

int peel_panel_due(peel_req *r, peel_err *err)
{
    size_t n;
    const peel_type *const *types = peel_types(&n);
    bool any = false;
    due_ctx c = {.r = r, .today = peel_clock_today()};

    for (size_t i = 0; i < n; i++)
        if (peel_reader_type_readable(peel_req_reader(r), types[i]) && types[i]->due)
            any = true;
    if (!any)
        return 0;
    peel_html_lit(&r->out, "<h2 class=\"heading-m\">Due or overdue</h2>\n");
    peel_html_lit(&r->out, "<div class=\"table-wrap\"><table>\n<caption class=\"visually-hidden\">"
                           "Records due in the next 14 days or overdue</caption>\n"
                           "<thead><tr><th scope=\"col\">Record</th><th scope=\"col\">Type</th>"
                           "<th scope=\"col\">Due</th><th scope=\"col\">Status</th></tr></thead>"
                           "<tbody>\n");
    for (size_t i = 0; i < n && c.shown < 50; i++) {
        const peel_type *t = types[i];
        const peel_field *due = t->due;
        if (!due || !peel_reader_type_readable(peel_req_reader(r), t))
            continue;
        peel_filter f[1 + PEEL_READER_MAX_FILTERS] = {
            {.field = due, .op = PEEL_OP_LE, .v = {.set = true, .i = c.today + 14}}};
        size_t nf = 1 + peel_reader_filters(peel_req_reader(r), t, f + 1);
        peel_query q = {.type = t, .filters = f, .nfilters = nf, .order = due, .limit = 200};
        c.due = due;
        if (peel_store_select(r->store, &q, due_row, &c, err) < 0)
            return -1;
    }
    if (!c.shown)
        peel_html_lit(&r->out, "<tr><td colspan=\"4\">Nothing is due in the next 14 days.</td>"
                               "</tr>\n");
    peel_html_lit(&r->out, "</tbody></table></div>\n");
    return 0;
}

/* The sentence being gathered: one change of one record (its fields
 * joined), or a run of creates or deletes of one type by one person on one
 * day ("Area E01025730 and 168 more created by ..."). */
typedef struct change_ctx {
    peel_req *r;
    bool open;
    const peel_type *type;
    int64_t id;
    bool link;
    char key[160], action[16], user[128], at[40], day[32];
    char fields[200];
    long long more;
    int shown;
} change_ctx;

static void change_end(change_ctx *c)
{
    peel_req *r = c->r;
    const char *did = !strcmp(c->action, "create")   ? "created"
                      : !strcmp(c->action, "delete") ? "deleted"
                                                     : "updated";
    if (!c->open)
        return;
    if (c->link)
        peel_html(&r->out, "<li><a href=\"/records/%q/%lld\">%s %s</a>", c->type->name,
                  (long long)c->id, c->type->label, c->key);
    else
        peel_html(&r->out, "<li>%s %s", c->type->label, c->key);
    if (c->more)
        peel_html(&r->out, " and <a href=\"/records/%q\">%lld more %s</a>", c->type->name, c->more,
                  c->type->plural);
    peel_html(&r->out, " %s by %s, %s", did, c->user, c->day);
    if (c->fields[0])
        peel_html(&r->out, " <span class=\"hint\">(%s)</span>", c->fields);
    peel_html_lit(&r->out, "</li>\n");
    c->open = false;
    c->shown++;
}

static void add_field(change_ctx *c, const char *field)
{
    size_t n = strlen(c->fields);
    if (field && n + strlen(field) + 3 < sizeof c->fields && !strstr(c->fields, field))
        snprintf(c->fields + n, sizeof c->fields - n, "%s%s", n ? ", " : "", field);
}

/* One sentence per change: "Action CGB-2023-07-01 updated by staff1, 9
 * October 2023 (title, due)", linked when the record is still there. */
static int change_row(void *ctx, const peel_audit *a, peel_err *err)
{
    change_ctx *c = ctx;
    peel_req *r = c->r;
    const peel_type *t = peel_type_find(a->type);
    peel_record *rec = NULL;
    peel_buf key = PEEL_BUF_INIT;
    peel_date d;
    char day[32] = "";
    const char *at = a->at ? a->at : "";

    if (!t || !peel_reader_type_readable(peel_req_reader(r), t))
        return 0;
    if (peel_date_parse(at, strnlen(at, 10), &d, NULL) == 0)
        peel_date_format_long(d, day);
    if (c->open && c->type == t && !strcmp(c->action, a->action) && !strcmp(c->user, a->user)) {
        if (c->id == a->record_id && !strncmp(c->at, at, 16)) {
            add_field(c, a->field); /* another field of the same change */
            return 0;
        }
        if (c->id != a->record_id && strcmp(a->action, "update") != 0 && !strcmp(c->day, day)) {
            c->more++; /* a run of creates or deletes */
            return 0;
        }
    }
    change_end(c);
    if (c->shown >= 12)
        return 1;
    if (strcmp(a->action, "delete") != 0) {
        if (peel_store_get(r->store, t, a->record_id, &rec, err) < 0) {
            if (err->code != PEEL_ENOTFOUND)
                return -1;
            peel_err_clear(err);
        }
        if (rec && !peel_reader_record_visible(peel_req_reader(r), rec)) {
            peel_record_free(rec);
            return 0;
        }
    }
    int k = rec && t->key ? peel_type_field_index(t, t->key) : -1;
    if (k >= 0 && peel_reader_field_visible(peel_req_reader(r), &t->fields[k]))
        peel_value_format(&t->fields[k], &rec->v[k], PEEL_VFMT_PEOPLE, &key);
    if (!key.len)
        peel_buf_printf(&key, "%lld", (long long)a->record_id);
    c->open = true;
    c->type = t;
    c->id = a->record_id;
    c->link = rec != NULL;
    c->more = 0;
    snprintf(c->key, sizeof c->key, "%s", peel_buf_str(&key));
    snprintf(c->action, sizeof c->action, "%s", a->action);
    snprintf(c->user, sizeof c->user, "%s", a->user);
    snprintf(c->at, sizeof c->at, "%s", at);
    snprintf(c->day, sizeof c->day, "%s", day);
    c->fields[0] = '\0';
    if (!strcmp(a->action, "update"))
        add_field(c, a->field);
    peel_buf_release(&key);
    peel_record_free(rec);
    return 0;
}

int peel_panel_recent(peel_req *r, peel_err *err)
{
    change_ctx c = {.r = r};
    peel_html_lit(&r->out, "<section aria-labelledby=\"h-recent\"><h2 class=\"heading-m\" "
                           "id=\"h-recent\">Recent changes</h2>\n<ul class=\"list changes\">\n");
    if (peel_store_audit_recent(r->store, 2000, change_row, &c, err) < 0)
        return -1;
    change_end(&c);
    if (!c.shown)
        peel_html_lit(&r->out, "<li>No changes yet.</li>\n");
    peel_html_lit(&r->out, "</ul>\n</section>\n");
    return 0;
}

/* Every type the reader may open, with how many of its records it may. */
int peel_panel_published(peel_req *r, peel_err *err)
{
    size_t n;
    const peel_type *const *types = peel_types(&n);
    int ntypes = 0;

    for (size_t i = 0; i < n; i++) {
        const peel_type *t = types[i];
        peel_filter f[PEEL_READER_MAX_FILTERS];
        size_t nf;
        int64_t count = 0;
        if (!peel_reader_type_readable(peel_req_reader(r), t))
            continue;
        nf = peel_reader_filters(peel_req_reader(r), t, f);
        peel_query q = {.type = t, .filters = f, .nfilters = nf};
        if (peel_store_count(r->store, &q, &count, err) < 0)
            return -1;
        if (!ntypes++)
            peel_html(&r->out,
                      "<section aria-labelledby=\"h-all\"><h2 class=\"heading-m\" "
                      "id=\"h-all\">%s</h2>\n<p class=\"body\">"
                      "Each list can be filtered, sorted and downloaded as CSV.</p>\n"
                      "<ul class=\"list list--columns\">\n",
                      peel_req_reader(r)->role == PEEL_ROLE_PANEL ? "All records open to the Panel"
                      : peel_reader_sees_sensitive(peel_req_reader(r)) ? "All records"
                                                                       : "All published records");
        peel_html(&r->out,
                  "<li><a href=\"/records/%q\">%s</a> <span class=\"hint\">(%lld)</span>"
                  "</li>\n",
                  t->name, t->plural, (long long)count);
    }
    if (ntypes)
        peel_html_lit(&r->out, "</ul>\n</section>\n");
    else
        peel_html_lit(&r->out, "<p class=\"body\">Nothing is published yet.</p>\n");
    return 0;
}

/* ---- sign-in ---- */

static int signin_page(peel_req *r, unsigned status, const char *name, const char *error)
{
    const char *next = peel_auth_safe_next(
        peel_req_field(r, "next") ? peel_req_field(r, "next")->value : peel_req_arg(r, "next"));
    peel_page_begin(r, error ? "Error: Sign in" : "Sign in");
    if (error)
        peel_html(&r->out,
                  "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
                  "<h2>There is a problem</h2><ul><li><a href=\"#name\">%s</a></li></ul></div>\n",
                  error);
    peel_html_lit(&r->out, "<h1 class=\"heading-l\">Sign in</h1>\n");
    if (r->user[0])
        peel_html(&r->out, "<p class=\"body\">You are signed in as %s.</p>\n", r->user);
    if (r->session_expired)
        peel_html_lit(&r->out, "<div class=\"notice\" role=\"status\">Your session has expired. "
                               "Sign in again.</div>\n");
    peel_html_lit(&r->out, "<form method=\"post\" action=\"/signin\" novalidate>\n");
    peel_page_csrf(r);
    peel_html(&r->out,
              "<input type=\"hidden\" name=\"next\" value=\"%s\">\n"
              "<div class=\"form-group%s\"><label for=\"name\">Sign-in name</label>\n",
              next, error ? " form-group--error" : "");
    if (error)
        peel_html(&r->out,
                  "<p class=\"error-message\" id=\"name-error\"><span "
                  "class=\"visually-hidden\">Error:</span> %s</p>\n",
                  error);
    peel_html(&r->out,
              "<input class=\"input input--narrow%s\" id=\"name\" name=\"name\" type=\"text\" "
              "autocomplete=\"username\" spellcheck=\"false\" value=\"%s\"",
              error ? " input--error" : "", name ? name : "");
    if (error)
        peel_html_lit(&r->out, " aria-describedby=\"name-error\" aria-invalid=\"true\"");
    peel_html_lit(&r->out, "></div>\n"
                           "<div class=\"form-group\"><label for=\"password\">Password</label>\n"
                           "<input class=\"input input--narrow\" id=\"password\" name=\"password\" "
                           "type=\"password\" autocomplete=\"current-password\"></div>\n"
                           "<button class=\"button\">Sign in</button>\n</form>\n");
    peel_page_end(r);
    return peel_req_html_page(r, status);
}

/* The second step of an enrolled account's sign-in: the code from its
 * authenticator app. */
static int code_page(peel_req *r, unsigned status, const char *error)
{
    peel_page_begin(r, error ? "Error: Enter your code" : "Enter your code");
    if (error)
        peel_html(&r->out,
                  "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
                  "<h2>There is a problem</h2><ul><li><a href=\"#code\">%s</a></li></ul></div>\n",
                  error);
    peel_html_lit(&r->out, "<h1 class=\"heading-l\">Enter your code</h1>\n"
                           "<p class=\"body\">Your password was right. Enter the 6-digit code "
                           "your authenticator app shows for peel.</p>\n"
                           "<form method=\"post\" action=\"/signin/code\" novalidate>\n");
    peel_page_csrf(r);
    peel_html(&r->out, "<div class=\"form-group%s\"><label for=\"code\">Code</label>\n",
              error ? " form-group--error" : "");
    if (error)
        peel_html(&r->out,
                  "<p class=\"error-message\" id=\"code-error\"><span "
                  "class=\"visually-hidden\">Error:</span> %s</p>\n",
                  error);
    peel_html(&r->out,
              "<input class=\"input input--narrow%s\" id=\"code\" name=\"code\" type=\"text\" "
              "inputmode=\"numeric\" autocomplete=\"one-time-code\" spellcheck=\"false\"",
              error ? " input--error" : "");
    if (error)
        peel_html_lit(&r->out, " aria-describedby=\"code-error\" aria-invalid=\"true\"");
    peel_html_lit(&r->out, "></div>\n<button class=\"button\">Continue</button>\n</form>\n");
    peel_page_end(r);
    return peel_req_html_page(r, status);
}

int peel_page_signin_code(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_kv *code = peel_req_field(r, "code");
    enum peel_signin_result res;
    int64_t wait_s = 0;
    const char *next = "/";
    (void)p;

    if (!code || !code->len)
        return code_page(r, 400, "Enter the code");
    if (peel_auth_signin_code(r, code->value, &res, &wait_s, &next, err) < 0)
        return -1;
    switch (res) {
    case PEEL_SIGNIN_OK:
        return peel_req_redirect(r, next);
    case PEEL_SIGNIN_LIMIT_ACCOUNT:
    case PEEL_SIGNIN_LIMIT_ADDR:
        peel_req_add_header(r, "Retry-After", peel_pool_printf(r->pool, "%lld", (long long)wait_s));
        return code_page(r, 429,
                         peel_pool_printf(r->pool,
                                          "There have been too many wrong codes. Wait "
                                          "%lld second%s, then try again",
                                          (long long)wait_s, wait_s == 1 ? "" : "s"));
    case PEEL_SIGNIN_BAD_CODE:
        return code_page(r, 401, "The code is not right: enter the one your app shows now");
    default:
        return signin_page(r, 400, NULL,
                           "Your sign-in has expired: enter your name and "
                           "password again");
    }
}

int peel_page_signin_form(peel_req *r, const peel_str *p, peel_err *err)
{
    (void)p;
    (void)err;
    return signin_page(r, 200, NULL, NULL);
}

int peel_page_signin(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_kv *name = peel_req_field(r, "name"), *pw = peel_req_field(r, "password");
    enum peel_signin_result res;
    int64_t wait_s = 0;
    (void)p;

    if (!name || !name->len || !pw || !pw->len)
        return signin_page(r, 400, name ? name->value : NULL,
                           "Enter your sign-in name and password");
    if (name->len > 64 || pw->len > 1024 || memchr(pw->value, '\0', pw->len) ||
        memchr(name->value, '\0', name->len))
        return signin_page(r, 400, NULL, "The sign-in name or password is not right");
    if (peel_auth_signin(r, name->value, pw->value,
                         peel_auth_safe_next(
                             peel_req_field(r, "next") ? peel_req_field(r, "next")->value : NULL),
                         &res, &wait_s, err) < 0)
        return -1;
    switch (res) {
    case PEEL_SIGNIN_CODE:
        return code_page(r, 200, NULL);
    case PEEL_SIGNIN_NEEDS_FACTOR:
        return signin_page(r, 403, name->value,
                           "This account must use a second factor, and has none yet: ask "
                           "whoever runs peel to enrol it with 'peel user totp'");
    case PEEL_SIGNIN_OK:
        return peel_req_redirect(r, peel_auth_safe_next(peel_req_field(r, "next")
                                                            ? peel_req_field(r, "next")->value
                                                            : NULL));
    case PEEL_SIGNIN_LIMIT_ACCOUNT:
    case PEEL_SIGNIN_LIMIT_ADDR:
        peel_req_add_header(r, "Retry-After", peel_pool_printf(r->pool, "%lld", (long long)wait_s));
        return signin_page(r, 429, name->value,
                           peel_pool_printf(r->pool,
                                            "There have been too many failed attempts to sign in "
                                            "%s. Wait %lld second%s, then try again",
                                            res == PEEL_SIGNIN_LIMIT_ADDR ? "from your network"
                                                                          : "to this account",
                                            (long long)wait_s, wait_s == 1 ? "" : "s"));
    default:
        return signin_page(r, 401, name->value, "The sign-in name or password is not right");
    }
}

int peel_page_signout(peel_req *r, const peel_str *p, peel_err *err)
{
    (void)p;
    if (peel_auth_signout(r, err) < 0)
        return -1;
    return peel_req_redirect(r, "/");
}
