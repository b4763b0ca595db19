/* pages.c - /figures: every figure the reader may see, computed from the
 * records they may see and set beside the printed value; /figures/KEY: one
 * figure with its computation in words and the records it was computed
 * from; their JSON twins under /api/v1/figures.  The home page's panels
 * are in panels.c. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "figures/compute.h"
#include "figures/figure.h"
#include "figures/out.h"
#include "figures/panels.h"
#include "model/records.h"
#include "render/html.h"
#include "web/http.h"
#include "web/records.h"

static const char *const list_args[] = {"paper", "status", NULL};

static const char *const status_values[] = {"agrees", "differs", "cannot", "unprinted", NULL};

/* Reads ?paper= and ?status= into q (problems recorded on r). */
static void read_query(peel_req *r, peel_fquery *q)
{
    int st = -1;

    memset(q, 0, sizeof *q);
    q->status = -1;
    q->paper = peel_param_text(r, "paper");
    if (peel_param_choice(r, "status", "Status", status_values, &st))
        q->status = st;
}

static void status_tag(peel_req *r, enum peel_fstatus st)
{
    static const char *const css[] = {"completed", "red", "awaiting_signoff", "cancelled"};
    peel_html(&r->out, "<strong class=\"tag tag--%s\">%s</strong>", css[st],
              peel_fstatus_label(st));
}

static void counts_line(peel_req *r, const peel_flist *l)
{
    size_t n[4] = {0};
    for (size_t i = 0; i < l->n; i++)
        n[l->v[i].res.status]++;
    peel_html(&r->out,
              "<p class=\"body\" id=\"figure-counts\">%lld figure%s: %lld agree, %lld differ, "
              "%lld cannot be computed, %lld not printed.</p>\n",
              (long long)l->n, l->n == 1 ? "" : "s", (long long)n[0], (long long)n[1],
              (long long)n[2], (long long)n[3]);
}

/* A printed or computed value, or in words why there is none. */
static void value_cell(peel_req *r, const char *v, const char *none)
{
    if (*v)
        peel_html(&r->out, "%s", v);
    else
        peel_html(&r->out, "<span class=\"figure-none\">%s</span>", none);
}

static void filters_form(peel_req *r, const peel_fquery *q)
{
    const peel_problem *bad = peel_param_problem_of(r, "status");

    peel_html_lit(&r->out, "<form class=\"filters\" method=\"get\" action=\"/figures\">"
                           "<fieldset><legend class=\"visually-hidden\">Filter the figures"
                           "</legend>\n");
    peel_page_param_input(r, "paper", "Paper", "Part of its name, such as 002",
                          q->paper ? q->paper : "");
    peel_html(&r->out, "<div class=\"form-group%s\"><label for=\"filter-status\">Status</label>",
              bad ? " form-group--error" : "");
    if (bad)
        peel_html(&r->out,
                  "<p class=\"error-message\" id=\"filter-status-error\"><span "
                  "class=\"visually-hidden\">Error:</span> %s</p>",
                  bad->msg);
    peel_html_lit(&r->out, "<select id=\"filter-status\" name=\"status\"");
    if (bad) /* a literal: %s would escape its quotes */
        peel_html_lit(&r->out, " aria-invalid=\"true\" aria-describedby=\"filter-status-error\"");
    peel_html_lit(&r->out, "><option value=\"\">Any</option>");
    for (int i = 0; status_values[i]; i++)
        peel_html(&r->out, "<option value=\"%s\"%s>%s</option>", status_values[i],
                  q->status == i ? " selected" : "", peel_fstatus_label((enum peel_fstatus)i));
    peel_html_lit(&r->out, "</select></div></fieldset>"
                           "<button class=\"button button--secondary\">Show figures</button>"
                           "</form>\n");
}

static int page_list(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_fquery q;
    peel_flist l = {0};
    (void)p;

    peel_params_allowed(r, list_args);
    read_query(r, &q);
    if (!r->nproblems && peel_figures_list(r->store, peel_req_reader(r), &q, &l, err) < 0)
        return -1;
    peel_page_begin(r, r->nproblems ? "Error: Figures" : "Figures");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Figures in the papers</h1>\n"
                  "<p class=\"body\">Every figure a paper prints whose inputs peel holds, "
                  "computed again from the records and set beside the printed value. "
                  "<em>Agrees</em>: equal under the paper's own rounding; <em>differs</em>: "
                  "with the reason; <em>cannot compute</em>: which records are missing.</p>\n"
                  "<details class=\"details\"><summary>How the figures are checked</summary>\n"
                  "<p class=\"body\">peel reads the printed text (\"86%\", \"over 90\", "
                  "\"\xc2\xa3"
                  "10.4m\", \"seven\") and works out the figure again from its "
                  "records in whole numbers, never approximately. The paper's rounding is "
                  "respected: rounded figures are rounded halves away from zero to the digits "
                  "printed (12.5% is 13%), a truncated one is cut (1.887% is 1.8%), and \"over\" "
                  "or \"nearly\" is met when the figure lies on the right side. When they do "
                  "not agree peel says which rounding or which count would give the printed "
                  "value, or that none could. Each figure is worked out from the records you "
                  "may see.</p></details>\n");
    filters_form(r, &q);
    if (!r->nproblems) {
        counts_line(r, &l);
        peel_html_lit(&r->out,
                      "<div class=\"table-wrap\"><table id=\"figures\" class=\"figures\">\n"
                      "<caption class=\"visually-hidden\">Figures, printed and computed"
                      "</caption>\n<thead><tr><th scope=\"col\">Figure</th>"
                      "<th scope=\"col\">Status</th>"
                      "<th scope=\"col\">As printed</th><th scope=\"col\">Computed</th>"
                      "<th scope=\"col\">Why</th>"
                      "<th scope=\"col\">Paper</th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < l.n; i++) {
            char period[80];
            const char *c[PEEL_FIGURE_NCOLS];
            peel_fline_cells(&l.v[i], period, c);
            /* the figure with its period beneath, its status and the two
             * values side by side: what a phone shows without scrolling */
            peel_html(&r->out,
                      "<tr id=\"figure-%s\"><th scope=\"row\"><a href=\"/figures/%q\">%s</a>", c[0],
                      c[0], c[1]);
            if (*c[3])
                peel_html(&r->out, "<span class=\"hint\">%s</span>", c[3]);
            peel_html_lit(&r->out, "</th><td>");
            status_tag(r, l.v[i].res.status);
            peel_html_lit(&r->out, "</td><td>");
            value_cell(r, c[4], "Not printed");
            peel_html_lit(&r->out, "</td><td>");
            value_cell(r, c[5], "Not computed");
            peel_html(&r->out,
                      "</td><td class=\"figure-why\">%s</td><td class=\"figure-paper\">%s"
                      "<span class=\"hint\">%s</span></td></tr>\n",
                      c[7], c[2], peel_record_text_at(l.v[i].fig, PEEL_FIG_PLACE));
        }
        peel_html_lit(&r->out, "</tbody></table></div>\n");
        peel_html_lit(&r->out, "<p class=\"body\"><a href=\"/api/v1/figures\">These figures as "
                               "JSON</a></p>\n");
    }
    peel_flist_release(&l);
    peel_page_end(r);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
}

/* "1 meeting", "3 meetings": the type's name in the middle of a sentence
 * (a leading capital lowered unless the word is an initialism, "HMICFRS"). */
static const char *type_noun(const peel_type *t, int64_t n, char *buf, size_t size)
{
    snprintf(buf, size, "%s", n == 1 ? t->label : t->plural);
    if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
        buf[0] = (char)(buf[0] - 'A' + 'a');
    return buf;
}

/* The computation in words, from the declaration. */
static void describe(peel_req *r, const peel_record *f)
{
    const char *compute = peel_record_text_at(f, PEEL_FIG_COMPUTE);
    const char *over = peel_record_text_at(f, PEEL_FIG_OVER);
    const peel_type *t = peel_type_find(over);
    static const int rows[] = {PEEL_FIG_OVER,        PEEL_FIG_FIELD,    PEEL_FIG_FIELD_TO,
                               PEEL_FIG_DATE_FIELD,  PEEL_FIG_FILTERS,  PEEL_FIG_PART,
                               PEEL_FIG_A,           PEEL_FIG_B,        PEEL_FIG_AREA,
                               PEEL_FIG_CRIME_TYPES, PEEL_FIG_ROUNDING, PEEL_FIG_PLACES};

    peel_html(&r->out,
              "<h2 class=\"heading-m\">How peel computes it</h2>\n<dl class=\"summary-list\">"
              "<div><dt>Computation</dt><dd>%s</dd></div>",
              peel_enum_label(&peel_type_figure, "compute", compute));
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const peel_field *fd = &peel_type_figure.fields[rows[i]];
        peel_buf *b = &r->scratch;
        if (!f->v[rows[i]].set)
            continue;
        peel_buf_reset(b);
        peel_value_format(fd, &f->v[rows[i]], PEEL_VFMT_PEOPLE, b);
        peel_html(&r->out, "<div><dt>%s</dt><dd>", fd->label);
        if (rows[i] == PEEL_FIG_A || rows[i] == PEEL_FIG_B)
            peel_html(&r->out, "<a href=\"/figures/%q\">%s</a>", peel_buf_str(b), peel_buf_str(b));
        else if (rows[i] == PEEL_FIG_OVER && t)
            peel_html(&r->out, "<a href=\"/records/%q\">%s</a>", t->name, t->plural);
        else if ((rows[i] == PEEL_FIG_FIELD || rows[i] == PEEL_FIG_FIELD_TO ||
                  rows[i] == PEEL_FIG_DATE_FIELD) &&
                 t && peel_type_field(t, peel_buf_str(b)))
            /* the field as its form names it, not its internal name */
            peel_html(&r->out, "%s", peel_type_field(t, peel_buf_str(b))->label);
        else if (rows[i] == PEEL_FIG_DATE_FIELD && !strcmp(peel_buf_str(b), "-"))
            peel_html_lit(&r->out, "None: every record counts, whatever its date");
        else
            peel_html(&r->out, "%s", peel_buf_str(b));
        peel_html_lit(&r->out, "</dd></div>");
    }
    peel_html_lit(&r->out, "</dl>\n");
}

/* The figure the address names, computed for the reader: 1 found (line
 * filled; release it), 0 answered 404 (the same for a figure that does not
 * exist and one the reader may not open), -1 with err set. */
static int load_one(peel_req *r, const peel_str *p, peel_fline *line, peel_err *err)
{
    char key[128];
    int64_t id = 0;

    memset(line, 0, sizeof *line);
    snprintf(key, sizeof key, "%.*s", (int)p[0].n, p[0].p);
    if (peel_reader_lookup(r->store, peel_req_reader(r), &peel_type_figure, key, &id, err) < 0) {
        if (err->code != PEEL_ENOTFOUND)
            return -1;
        peel_err_clear(err);
        peel_req_error(r, 404, "not_found", NULL, "There is no figure %s.", key);
        return 0;
    }
    if (peel_store_get(r->store, &peel_type_figure, id, &line->fig, err) < 0)
        return -1;
    if (peel_figure_compute(r->store, peel_req_reader(r), line->fig, &line->res, err) < 0) {
        peel_record_free(line->fig);
        line->fig = NULL;
        return -1;
    }
    return 1;
}

static int page_one(peel_req *r, const peel_str *p, peel_err *err)
{
    char period[80];
    const char *c[PEEL_FIGURE_NCOLS];
    peel_record *f;
    peel_fline line;
    int found = load_one(r, p, &line, err);

    if (found <= 0)
        return found;
    f = line.fig;
    peel_fline_cells(&line, period, c);
    peel_page_begin(r, c[1]);
    peel_html(&r->out,
              "<p class=\"body\"><a href=\"/figures\">All figures</a></p>\n"
              "<h1 class=\"heading-l\">%s</h1>\n<dl class=\"summary-list\">",
              c[1]);
    /* a figure no paper prints (an indicator) has no paper or place */
    if (*c[2])
        peel_html(&r->out, "<div><dt>Paper</dt><dd>%s</dd></div>", c[2]);
    if (*peel_record_text_at(f, PEEL_FIG_PLACE))
        peel_html(&r->out, "<div><dt>Place</dt><dd>%s</dd></div>",
                  peel_record_text_at(f, PEEL_FIG_PLACE));
    peel_html(&r->out,
              "<div><dt>Period</dt><dd>%s</dd></div>"
              "<div><dt>As printed</dt><dd id=\"printed\">%s</dd></div>"
              "<div><dt>Computed by peel</dt><dd id=\"computed\">%s</dd></div>"
              "<div><dt>Status</dt><dd id=\"status\">",
              *c[3] ? c[3] : "None", *c[4] ? c[4] : "Not printed", *c[5] ? c[5] : "Cannot compute");
    status_tag(r, line.res.status);
    peel_html(&r->out, "</dd></div><div><dt>Why</dt><dd id=\"why\">%s</dd></div>",
              *c[7] ? c[7] : "Nothing to explain.");
    if (line.res.rag != PEEL_FRAG_NONE)
        peel_html(&r->out,
                  "<div><dt>Against its target</dt><dd><span class=\"rag rag--%s\">%s</span> "
                  "%s</dd></div>",
                  peel_frag_name(line.res.rag), peel_frag_name(line.res.rag), line.res.rag_why);
    peel_html_lit(&r->out, "</dl>\n");
    if (*peel_record_text_at(f, PEEL_FIG_QUOTE))
        peel_html(&r->out,
                  "<h2 class=\"heading-m\">The paper's words</h2>\n<blockquote><p "
                  "class=\"body\">%s</p></blockquote>\n",
                  peel_record_text_at(f, PEEL_FIG_QUOTE));
    describe(r, f);
    if (line.res.over && line.res.nids) {
        char noun[80];
        peel_html(&r->out,
                  "<h2 class=\"heading-m\">Computed from</h2>\n<p class=\"body\">%lld %s "
                  "matched%s.</p>\n<ul class=\"list\">",
                  (long long)line.res.nrecords,
                  type_noun(line.res.over, line.res.nrecords, noun, sizeof noun),
                  line.res.nrecords > (int64_t)line.res.nids ? "; the first are listed" : "");
        for (size_t i = 0; i < line.res.nids; i++) {
            peel_record *rec = NULL;
            if (peel_store_get(r->store, line.res.over, line.res.ids[i], &rec, err) < 0) {
                peel_fresult_release(&line.res);
                peel_record_free(f);
                return -1;
            }
            peel_buf_reset(&r->scratch);
            peel_page_record_title(rec, &r->scratch);
            peel_html(&r->out, "<li><a href=\"/records/%q/%lld\">%s</a></li>", line.res.over->name,
                      (long long)rec->id, peel_buf_str(&r->scratch));
            peel_record_free(rec);
        }
        peel_html_lit(&r->out, "</ul>\n");
    }
    if (line.res.crime) {
        char a[8], b[8];
        peel_month_format(line.res.crime_from, a);
        peel_month_format(line.res.crime_to, b);
        peel_html(&r->out,
                  "<h2 class=\"heading-m\">Computed from</h2>\n<p class=\"body\">Street crimes "
                  "recorded by police.uk in %s: <a href=\"/api/v1/crime/summary?area=%q&amp;from=%q"
                  "&amp;to=%q\">the counts for these months (JSON)</a>; <a href=\"/crime\">"
                  "crime performance</a>.</p>\n",
                  *line.res.crime_area ? line.res.crime_area : "the force area",
                  line.res.crime_area, a, b);
    }
    if (peel_reader_type_writable(peel_req_reader(r), &peel_type_figure))
        peel_html(&r->out,
                  "<p class=\"body\"><a class=\"button button--secondary\" "
                  "href=\"/records/figure/%lld\">The figure's record</a></p>\n",
                  (long long)f->id);
    peel_fresult_release(&line.res);
    peel_record_free(f);
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

/* ---- JSON ---- */

static int api_list(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_fquery q;
    peel_flist l = {0};
    long long page = 1, per = 50;
    json_t *o, *data;
    size_t from;
    (void)p;

    for (size_t i = 0; i < r->nargs; i++) {
        bool known = peel_param_is_paging(r->args[i].name);
        for (size_t k = 0; list_args[k] && !known; k++)
            known = !strcmp(r->args[i].name, list_args[k]);
        if (!known)
            return peel_req_error(r, 400, "invalid", NULL,
                                  "'%.60s' is not a parameter of this "
                                  "view",
                                  r->args[i].name);
    }
    read_query(r, &q);
    peel_param_paging(r, 500, 50, &page, &per);
    if (r->nproblems)
        return peel_req_error(r, 400, "invalid", r->problems[0].name, "%s", r->problems[0].msg);
    if (peel_figures_list(r->store, peel_req_reader(r), &q, &l, err) < 0)
        return -1;
    o = json_object();
    data = json_array();
    from = (size_t)((page - 1) * per);
    for (size_t i = from; o && data && i < l.n && i < from + (size_t)per; i++)
        json_array_append_new(data, peel_fline_json(&l.v[i]));
    if (!o || !data) {
        json_decref(o);
        json_decref(data);
        peel_flist_release(&l);
        return peel_req_error(r, 500, "internal", NULL, "out of memory");
    }
    json_object_set_new(o, "data", data);
    json_object_set_new(o, "page", json_integer(page));
    json_object_set_new(o, "per_page", json_integer(per));
    json_object_set_new(o, "total", json_integer((json_int_t)l.n));
    peel_flist_release(&l);
    return peel_req_json(r, 200, o);
}

static int api_one(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_fline line;
    json_t *o;
    int found = load_one(r, p, &line, err);

    if (found <= 0)
        return found;
    o = peel_fline_json(&line);
    peel_fresult_release(&line.res);
    peel_record_free(line.fig);
    if (!o)
        return peel_req_error(r, 500, "internal", NULL, "out of memory");
    return peel_req_json(r, 200, o);
}

const peel_route peel_routes_figures[] = {
    /* a figure is computed from any type's records, and from crime data */
    {"GET", "/figures", page_list, PEEL_PAGE_EVERYONE, "Figures", .cached = true},
    {"GET", "/figures/plan", peel_figures_page_plan, PEEL_PAGE_EVERYONE,
     "Performance against the plan", .cached = true},
    {"GET", "/figures/*", page_one, PEEL_PAGE_EVERYONE, NULL, .cached = true},
    {"GET", "/api/v1/figures", api_list, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/api/v1/figures/*", api_one, PEEL_PAGE_EVERYONE, NULL, NULL},
    {0},
};

const peel_api_doc peel_api_docs_figures[] = {
    {"/api/v1/figures", "Every figure the reader may see, printed and computed, with its status",
     (const char *const[]){"paper", "status", NULL}, "figure"},
    {"/api/v1/figures/{key}", "One figure, printed and computed, with what it was computed from",
     (const char *const[]){NULL}, "figure"},
    {0},
};
