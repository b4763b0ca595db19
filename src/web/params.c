/* params.c - the boundary between a page and its query or form: one reader
 * per kind of parameter (date, month, financial year, year, a whole number,
 * a choice), the one check of which parameters a page takes, and the
 * writers that show a problem to the person who typed it: the GOV.UK error
 * summary and a text input that keeps what was typed.  A page reads every
 * parameter, then, if any did not read, shows its form again with the
 * summary (status 400) instead of its results: never a dead-end page naming
 * a parameter.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "render/html.h"
#include "web/http.h"

/* GET reads the query string, POST its form. */
static const char *raw(peel_req *r, const char *name)
{
    if (r->method && !strcmp(r->method, "POST")) {
        const peel_kv *kv = peel_req_field(r, name);
        return kv ? kv->value : NULL;
    }
    return peel_req_arg(r, name);
}

const char *peel_param_text(peel_req *r, const char *name)
{
    const char *v = raw(r, name);
    return v && *v ? v : NULL;
}

const peel_problem *peel_param_problem_of(const peel_req *r, const char *name)
{
    for (size_t i = 0; name && i < r->nproblems; i++)
        if (r->problems[i].name && !strcmp(r->problems[i].name, name))
            return &r->problems[i];
    return NULL;
}

void peel_param_problem(peel_req *r, const char *name, const char *label, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    peel_problem *p;

    if (r->nproblems >= PEEL_REQ_MAX_PROBLEMS || peel_param_problem_of(r, name))
        return; /* the first problem of each parameter is the one shown */
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    p = &r->problems[r->nproblems++];
    *p = (peel_problem){
        .id = name ? peel_pool_printf(r->pool, "filter-%s", name) : NULL,
        .label = label,
        .msg = peel_pool_strdup(r->pool, msg),
        .name = name,
        .typed = name ? raw(r, name) : NULL,
    };
    if (!p->msg || (name && !p->id))
        r->nproblems--; /* out of memory: the status still says 400 */
}

/* Reads name with parse (a core parser); false and a problem when bad. */
typedef int (*parse_fn)(const char *s, size_t n, int32_t *out, peel_err *err);

static bool read_with(peel_req *r, const char *name, const char *label, parse_fn parse,
                      int32_t dflt, int32_t *out)
{
    const char *v = peel_param_text(r, name);
    peel_err e = PEEL_ERR_INIT;
    *out = dflt;
    if (!v)
        return true;
    if (!peel_utf8_valid(v, strlen(v), NULL)) {
        peel_param_problem(r, name, label, "%s: the text is not valid UTF-8", label);
        return false;
    }
    if (parse(v, strlen(v), out, &e) < 0) {
        *out = dflt;
        peel_param_problem(r, name, label, "%s: %s", label, e.msg);
        return false;
    }
    return true;
}

bool peel_param_date(peel_req *r, const char *name, const char *label, peel_date dflt,
                     peel_date *out)
{
    return read_with(r, name, label, peel_date_parse_typed, dflt, out);
}

bool peel_param_month(peel_req *r, const char *name, const char *label, peel_month dflt,
                      peel_month *out)
{
    return read_with(r, name, label, peel_month_parse, dflt, out);
}

bool peel_param_fy(peel_req *r, const char *name, const char *label, peel_fy dflt, peel_fy *out)
{
    return read_with(r, name, label, peel_fy_parse, dflt, out);
}

bool peel_param_year(peel_req *r, const char *name, const char *label, int dflt, int *out)
{
    const char *v = peel_param_text(r, name);
    long long y;
    *out = dflt;
    if (!v)
        return true;
    if (!peel_str_to_i64(peel_str_c(v), &y) || y < 1900 || y > 2999) {
        peel_param_problem(r, name, label, "%s: '%.20s' is not a year from 1900 to 2999", label, v);
        return false;
    }
    *out = (int)y;
    return true;
}

bool peel_param_int(peel_req *r, const char *name, const char *label, long long min, long long max,
                    long long dflt, long long *out)
{
    const char *v = peel_param_text(r, name);
    long long n;
    *out = dflt;
    if (!v)
        return true;
    if (!peel_str_to_i64(peel_str_c(v), &n) || n < min || n > max) {
        peel_param_problem(r, name, label, "%s: '%.20s' is not a whole number from %lld to %lld",
                           label, v, min, max);
        return false;
    }
    *out = n;
    return true;
}

bool peel_param_paging(peel_req *r, long long max_per, long long dflt_per, long long *page,
                       long long *per)
{
    const char *pn = peel_param_text(r, "page") ? "page" : "_page";
    const char *qn = peel_param_text(r, "per_page") ? "per_page" : "_per";
    bool ok = peel_param_int(r, pn, pn, 1, 1000000, 1, page);
    return peel_param_int(r, qn, qn, 1, max_per, dflt_per, per) && ok;
}

bool peel_param_is_paging(const char *name)
{
    return !strcmp(name, "page") || !strcmp(name, "per_page") || !strcmp(name, "_page") ||
           !strcmp(name, "_per");
}

bool peel_param_choice(peel_req *r, const char *name, const char *label, const char *const *values,
                       int *out)
{
    const char *v = peel_param_text(r, name);
    *out = -1;
    if (!v)
        return true;
    for (int i = 0; values[i]; i++)
        if (!strcmp(values[i], v)) {
            *out = i;
            return true;
        }
    peel_param_problem(r, name, label, "%s: choose one of the options in the list", label);
    return false;
}

bool peel_params_allowed(peel_req *r, const char *const *names)
{
    bool ok = true;
    for (size_t i = 0; i < r->nargs; i++) {
        const peel_kv *a = &r->args[i];
        bool known = false;
        for (size_t k = 0; names[k] && !known; k++)
            known = !strcmp(a->name, names[k]);
        if (!known) {
            /* named for people: the address, not the parameter's internals */
            peel_param_problem(r, NULL, NULL,
                               "The address of this page has a part the page "
                               "does not use: go back and use the form");
            ok = false;
        } else if (!peel_utf8_valid(a->value, strlen(a->value), NULL)) {
            peel_param_problem(r, NULL, NULL,
                               "The address of this page has text that is not "
                               "valid UTF-8: go back and use the form");
            ok = false;
        }
    }
    return ok;
}

/* ---- showing problems ---- */

void peel_page_error_summary(peel_req *r, const peel_problem *p, size_t n)
{
    if (!n)
        return;
    peel_html_lit(&r->out, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" "
                           "aria-labelledby=\"error-summary-title\"><h2 "
                           "id=\"error-summary-title\">There is a problem</h2><ul>\n");
    for (size_t i = 0; i < n; i++) {
        if (p[i].id)
            peel_html(&r->out, "<li><a href=\"#%s\">%s</a></li>\n", p[i].id, p[i].msg);
        else
            peel_html(&r->out, "<li>%s</li>\n", p[i].msg);
    }
    peel_html_lit(&r->out, "</ul></div>\n");
}

void peel_page_param_input(peel_req *r, const char *name, const char *label, const char *hint,
                           const char *value)
{
    const peel_problem *p = peel_param_problem_of(r, name);
    peel_html(&r->out, "<div class=\"form-group%s\"><label for=\"filter-%s\">%s</label>",
              p ? " form-group--error" : "", name, label);
    if (hint)
        peel_html(&r->out, "<span class=\"hint\" id=\"filter-%s-hint\">%s</span>", name, hint);
    if (p)
        peel_html(&r->out,
                  "<p class=\"error-message\" id=\"filter-%s-error\"><span "
                  "class=\"visually-hidden\">Error:</span> %s</p>",
                  name, p->msg);
    peel_html(&r->out,
              "<input class=\"input input--narrow\" id=\"filter-%s\" name=\"%s\" "
              "type=\"text\"",
              name, name);
    if (p)
        peel_html_lit(&r->out, " aria-invalid=\"true\"");
    if (hint && p)
        peel_html(&r->out, " aria-describedby=\"filter-%s-hint filter-%s-error\"", name, name);
    else if (hint)
        peel_html(&r->out, " aria-describedby=\"filter-%s-hint\"", name);
    else if (p)
        peel_html(&r->out, " aria-describedby=\"filter-%s-error\"", name);
    peel_html(&r->out, " value=\"%s\"></div>\n", p && p->typed ? p->typed : value ? value : "");
}
