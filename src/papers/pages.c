/* pages.c - the papers on the web: /papers (the papers the reader may
 * open), /papers/ID-or-KEY (the paper as the reader reads it, its
 * downloads, and for staff what stands between it and publication),
 * /papers/ID/download?format=pdf|xlsx|csv|html&version=public|internal, and
 * /papers/packs/MEETING (the agenda pack) with ?format=pdf|zip. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "figures/figure.h"
#include "model/records.h"
#include "papers/out.h"
#include "papers/pack.h"
#include "papers/papers.h"
#include "render/doc.h"
#include "render/html.h"
#include "web/http.h"

/* A page shows its model's title as its heading (title()), then what goes
 * under it (the downloads), then the rest of the model. */
static void body_after_title(peel_req *r, const peel_doc *d)
{
    peel_doc rest = *d;
    if (d->n && d->v[0].kind == PEEL_BLOCK_TITLE) {
        rest.v = d->v + 1;
        rest.n = d->n - 1;
    }
    peel_html_lit(&r->out, "<article class=\"paper\" id=\"paper\">\n");
    peel_doc_html_body(&rest, &r->out);
    peel_html_lit(&r->out, "</article>\n");
}

static void title(peel_req *r, const peel_doc *d, const char *caption)
{
    const char *t = d->n && d->v[0].kind == PEEL_BLOCK_TITLE ? d->v[0].text : "";
    peel_html(&r->out, "<span class=\"caption\">%s</span><h1 class=\"heading-l\">%s</h1>\n",
              caption, t);
}

static int not_found(peel_req *r, const char *what)
{
    return peel_req_error(r, 404, "not_found", NULL, "There is no %s at this address.", what);
}

/* A store failure is the server's; a paper the reader may not open is a 404
 * worded as for one that does not exist. */
static int load_or_reply(peel_req *r, const peel_reader *rd, peel_str id, peel_paper *p,
                         peel_err *err)
{
    char *key = peel_pool_strndup(r->pool, id.p, id.n);
    peel_err why = PEEL_ERR_INIT;
    if (!key)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    if (peel_paper_load(r->store, rd, key, p, &why) == 0)
        return 1;
    if (why.code == PEEL_ENOTFOUND || why.code == PEEL_EINPUT) {
        peel_err_clear(&why);
        not_found(r, "paper");
        return 0;
    }
    peel_err_set(err, why.code, "%s", why.msg);
    return -1;
}

/* ---- the list ---- */

static int page_list(peel_req *r, const peel_str *params, peel_err *err)
{
    const peel_reader *rd = peel_req_reader(r);
    peel_records all = {0};
    bool staff = peel_reader_sees_sensitive(rd);
    size_t shown = 0;
    (void)params;

    if (peel_records_load(r->store, &peel_type_paper, &all, err) < 0)
        return -1;
    peel_page_begin(r, "Papers");
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Papers</h1>\n<p class=\"body\">Reports to the Police "
                  "and Crime Panel and the boards, generated from peel's records. Every figure a "
                  "paper prints is shown beside the figure computed from the records.</p>\n"
                  "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Papers\">"
                  "<table id=\"papers\">\n<caption class=\"visually-hidden\">Papers</caption>\n"
                  "<thead><tr><th scope=\"col\">Paper</th><th scope=\"col\">Kind</th>"
                  "<th scope=\"col\">Report date</th><th scope=\"col\">Download</th>");
    if (staff)
        peel_html_lit(&r->out, "<th scope=\"col\">Published</th>");
    peel_html_lit(&r->out, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < all.n; i++) {
        const peel_record *p = all.v[i];
        char day[32] = "";
        if (!peel_reader_record_visible(rd, p))
            continue;
        shown++;
        if (peel_rec_has(p, PEEL_PAPER_REPORT_DATE))
            peel_date_format_long((peel_date)peel_rec_int(p, PEEL_PAPER_REPORT_DATE), day);
        long long id = (long long)p->id;
        peel_html(&r->out,
                  "<tr><th scope=\"row\"><a href=\"/papers/%lld\">%s</a></th><td>%s</td>"
                  "<td>%s</td><td><a href=\"/papers/%lld/download?format=pdf\">PDF</a></td>",
                  id, peel_rec_str(p, PEEL_PAPER_TITLE),
                  peel_option_label(&peel_type_paper.fields[PEEL_PAPER_KIND],
                                    peel_rec_str(p, PEEL_PAPER_KIND)),
                  day, id);
        if (staff)
            peel_html(&r->out, "<td>%s</td>", peel_rec_int(p, PEEL_PAPER_PUBLISH) ? "Yes" : "No");
        peel_html_lit(&r->out, "</tr>\n");
    }
    if (!shown)
        peel_html(&r->out, "<tr><td colspan=\"%d\">No paper is published yet.</td></tr>\n",
                  staff ? 5 : 4);
    peel_html_lit(&r->out, "</tbody></table></div>\n");
    peel_records_free(&all);
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

/* ---- a paper ---- */

/* Staff: what stands between the paper and publication. */
static void gate_section(peel_req *r, const peel_paper *p, const peel_paper_figs *figs,
                         const peel_paper_findings *found)
{
    bool published = peel_rec_int(p->rec, PEEL_PAPER_PUBLISH) != 0;
    peel_html_lit(&r->out, "<section class=\"panel\" id=\"publication\" aria-labelledby=\"pub-h\">"
                           "<h2 class=\"heading-m\" id=\"pub-h\">Before publication</h2>\n");
    if (published)
        peel_html_lit(&r->out, "<p class=\"body\">The paper is published.</p>\n");
    if (figs->blocking)
        peel_html(&r->out,
                  "<div class=\"notice notice--warning\" role=\"status\"><p>%lld figure%s "
                  "differ%s from the records or cannot be computed, with no reason recorded: "
                  "the paper cannot be published until each is corrected or a reason is "
                  "recorded (a figure reason).</p></div>\n",
                  (long long)figs->blocking, figs->blocking == 1 ? "" : "s",
                  figs->blocking == 1 ? "s" : "");
    else
        peel_html(&r->out,
                  "<p class=\"body\">Every one of the %lld figures it prints agrees with the "
                  "records or has a reason recorded.</p>\n",
                  (long long)figs->n);
    bool any = false;
    for (size_t i = 0; i < figs->n; i++) {
        const peel_paper_fig *f = &figs->v[i];
        if (!peel_paper_fig_unsettled(f))
            continue;
        if (!any)
            peel_html_lit(&r->out,
                          "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
                          "aria-label=\"Figures to settle\"><table id=\"figures-to-settle\">"
                          "<caption class=\"heading-s\">Figures that differ or cannot be "
                          "computed</caption>\n<thead><tr><th scope=\"col\">Figure</th>"
                          "<th scope=\"col\" class=\"num\">Printed</th><th scope=\"col\" "
                          "class=\"num\">Computed</th><th scope=\"col\">Why</th>"
                          "<th scope=\"col\">Reason it stands</th></tr></thead>\n<tbody>\n");
        any = true;
        peel_html(&r->out,
                  "<tr><th scope=\"row\"><a href=\"/figures/%q\">%s</a></th><td class=\"num\">"
                  "%s</td><td class=\"num\">%s</td><td>%s</td><td>%s</td></tr>\n",
                  peel_rec_str(f->fig, PEEL_FIG_KEY), peel_rec_str(f->fig, PEEL_FIG_LABEL),
                  peel_rec_str(f->fig, PEEL_FIG_PRINTED), f->res.computed,
                  f->res.why ? f->res.why : "",
                  f->reason ? f->reason : "None recorded: publication is blocked");
    }
    if (any)
        peel_html_lit(&r->out, "</tbody></table></div>\n");
    if (found->n) {
        peel_html_lit(&r->out, "<h3 class=\"heading-s\">The Panel's rules on reports</h3>\n"
                               "<ul class=\"list\" id=\"rules\">\n");
        for (size_t i = 0; i < found->n; i++)
            peel_html(&r->out, "<li><strong>%s</strong> %s: %s</li>\n",
                      found->v[i].followed ? "Follows" : "Does not follow", found->v[i].rule,
                      found->v[i].text);
        peel_html_lit(&r->out, "</ul>\n");
    }
    peel_html(&r->out,
              "<p class=\"body\"><a href=\"/records/paper/%lld\">The paper's record and "
              "sections</a></p></section>\n",
              (long long)p->rec->id);
}

static int page_paper(peel_req *r, const peel_str *params, peel_err *err)
{
    const peel_reader *rd = peel_req_reader(r);
    bool staff = peel_reader_sees_sensitive(rd);
    peel_paper p;
    peel_paper_figs figs;
    peel_paper_findings found = {0};
    peel_doc d;
    int rc = load_or_reply(r, rd, params[0], &p, err);

    if (rc <= 0)
        return rc;
    if (peel_paper_figures(r->store, rd, &p, &figs, err) < 0) {
        peel_paper_release(&p);
        return -1;
    }
    rc = peel_paper_doc(r->store, rd, &p, &figs, &d, err);
    if (rc == 0 && staff)
        rc = peel_paper_rules(r->store, rd, &p, &d, &found, err);
    if (rc < 0)
        goto done;
    long long id = (long long)p.rec->id;
    peel_page_begin(r, peel_rec_str(p.rec, PEEL_PAPER_TITLE));
    title(r, &d,
          peel_option_label(&peel_type_paper.fields[PEEL_PAPER_KIND],
                            peel_rec_str(p.rec, PEEL_PAPER_KIND)));
    peel_html(&r->out,
              "<nav class=\"downloads\" aria-label=\"Download the paper\"><p class=\"body\">"
              "Download%s: <a href=\"/papers/%lld/download?format=pdf\">PDF</a> · "
              "<a href=\"/papers/%lld/download?format=xlsx\">spreadsheet (XLSX)</a> · "
              "<a href=\"/papers/%lld/download?format=csv\">tables (CSV)</a> · "
              "<a href=\"/papers/%lld/download?format=html\">web page (HTML)</a></p>",
              staff ? " the public version" : "", id, id, id, id);
    if (staff)
        peel_html(&r->out,
                  "<p class=\"body\">Download the internal version (OFFICIAL-SENSITIVE where it "
                  "shows such material): "
                  "<a href=\"/papers/%lld/download?format=pdf&amp;version=internal\">PDF</a> · "
                  "<a href=\"/papers/%lld/download?format=xlsx&amp;version=internal\">XLSX</a>"
                  "</p>",
                  id, id);
    peel_html_lit(&r->out, "</nav>\n");
    if (staff)
        gate_section(r, &p, &figs, &found);
    if (d.sensitive)
        r->sensitive_shown = true;
    body_after_title(r, &d);
    peel_page_end(r);
    rc = peel_req_html_page(r, 200);
done:
    peel_doc_free(&d);
    peel_paper_findings_release(&found);
    peel_paper_figs_release(&figs);
    peel_paper_release(&p);
    return rc;
}

/* ---- downloads ---- */

static int answer_bytes(peel_req *r, const char *ctype, const char *filename)
{
    if (r->out.failed) {
        peel_buf_reset(&r->out);
        r->out.failed = false;
        return peel_req_error(r, 500, "internal", NULL, "the download is too large");
    }
    peel_req_add_header(r, "Content-Disposition",
                        peel_pool_printf(r->pool, "attachment; filename=\"%s\"", filename));
    r->status = 200;
    r->ctype = ctype;
    r->answered = true;
    return 0;
}

/* The version asked for: public unless staff ask for the internal one.  NULL
 * when answered (a refusal). */
static const peel_reader *version_reader(peel_req *r)
{
    static const char *const versions[] = {"public", "internal", NULL};
    int v = 0;
    peel_param_choice(r, "version", "Version", versions, &v);
    if (r->nproblems) {
        peel_req_error(r, 400, "bad_request", "version", "version is public or internal");
        return NULL;
    }
    if (v == 1 && !peel_reader_sees_sensitive(peel_req_reader(r))) {
        peel_req_error(r, 403, "forbidden", "version",
                       "only staff may download the internal "
                       "version");
        return NULL;
    }
    /* The public version is what the public sees, whoever downloads it. */
    return v == 1 ? peel_req_reader(r) : peel_reader_of(PEEL_ROLE_PUBLIC);
}

static int page_download(peel_req *r, const peel_str *params, peel_err *err)
{
    static const char *const formats[] = {"html", "pdf", "xlsx", "csv", NULL};
    static const char *const allowed[] = {"format", "version", NULL};
    int f = 1;
    peel_paper p;
    const peel_reader *rd;

    if (!peel_params_allowed(r, allowed))
        return peel_req_error(r, 400, "bad_request", NULL, "%s", r->problems[0].msg);
    peel_param_choice(r, "format", "Format", formats, &f);
    if (r->nproblems)
        return peel_req_error(r, 400, "bad_request", "format",
                              "format is one of pdf, xlsx, csv, html");
    if (f < 0)
        f = 1; /* PDF */
    /* Who may open the paper is decided for the asker first, so a paper the
     * asker may not open is a 404 whatever the version. */
    int rc = load_or_reply(r, peel_req_reader(r), params[0], &p, err);
    if (rc <= 0)
        return rc;
    char *key = peel_pool_printf(r->pool, "%lld", (long long)p.rec->id);
    char *name = peel_pool_printf(r->pool, "%s.%s", peel_rec_str(p.rec, PEEL_PAPER_KEY),
                                  peel_paper_format_ext((enum peel_paper_format)f));
    peel_paper_release(&p);
    if (!(rd = version_reader(r)))
        return 0;
    peel_err why = PEEL_ERR_INIT;
    if (peel_paper_render(r->store, rd, key, (enum peel_paper_format)f, NULL, &r->out, &why) < 0) {
        if (why.code == PEEL_ENOTFOUND) {
            /* published to the asker but not to the public: the public
             * version does not exist */
            peel_buf_reset(&r->out);
            peel_err_clear(&why);
            return not_found(r, "public version of this paper");
        }
        peel_err_set(err, why.code, "%s", why.msg);
        return -1;
    }
    for (char *c = name; c && *c; c++)
        if (*c == '"' || *c == '\\' || (unsigned char)*c < 0x20)
            *c = '-';
    return answer_bytes(r, peel_paper_format_ctype((enum peel_paper_format)f), name);
}

/* ---- the agenda pack ---- */

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096];
    while (d && (e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

static int read_into(const char *path, peel_buf *out, peel_err *err)
{
    char chunk[65536];
    ssize_t n;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return peel_err_set(err, PEEL_EIO, "%s: %s", path, strerror(errno));
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        peel_buf_append(out, chunk, (size_t)n);
    close(fd);
    return n < 0 ? peel_err_set(err, PEEL_EIO, "%s: %s", path, strerror(errno)) : 0;
}

static int page_pack(peel_req *r, const peel_str *params, peel_err *err)
{
    static const char *const formats[] = {"page", "pdf", "zip", NULL};
    static const char *const allowed[] = {"format", "version", NULL};
    const char *meeting = peel_pool_strndup(r->pool, params[0].p, params[0].n);
    int f = 0;
    peel_err why = PEEL_ERR_INIT;
    peel_doc agenda;

    if (!peel_params_allowed(r, allowed))
        return peel_req_error(r, 400, "bad_request", NULL, "%s", r->problems[0].msg);
    peel_param_choice(r, "format", "Format", formats, &f);
    if (r->nproblems)
        return peel_req_error(r, 400, "bad_request", "format", "format is page, pdf or zip");
    if (f < 0)
        f = 0; /* the page */
    /* The asker must be able to open the meeting before anything else. */
    if (peel_pack_agenda(r->store, peel_req_reader(r), meeting, &agenda, &why) < 0) {
        if (why.code == PEEL_ENOTFOUND || why.code == PEEL_EINPUT)
            return not_found(r, "meeting");
        peel_err_set(err, why.code, "%s", why.msg);
        return -1;
    }
    if (f == 0) {
        bool staff = peel_reader_sees_sensitive(peel_req_reader(r));
        peel_page_begin(r, "Agenda pack");
        title(r, &agenda, "Agenda pack");
        peel_html(&r->out,
                  "<nav class=\"downloads\" aria-label=\"Download the pack\"><p class=\"body\">"
                  "Download%s: <a href=\"/papers/packs/%q?format=pdf\">the pack as one PDF</a> · "
                  "<a href=\"/papers/packs/%q?format=zip\">a zip of the agenda and each paper, "
                  "for the committee system</a></p></nav>\n",
                  staff ? " the public version" : "", meeting, meeting);
        body_after_title(r, &agenda);
        peel_doc_free(&agenda);
        peel_page_end(r);
        return peel_req_html_page(r, 200);
    }
    peel_doc_free(&agenda);
    const peel_reader *rd = version_reader(r);
    if (!rd)
        return 0;
    char dir[4096];
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/peel-pack-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return peel_err_set(err, PEEL_EIO, "%s: %s", dir, strerror(errno));
    peel_pack_result res;
    int rc = peel_pack_write(r->store, rd, meeting, dir, &res, &why);
    if (rc < 0) {
        remove_dir(dir);
        if (why.code == PEEL_ENOTFOUND)
            return not_found(r, "public version of this pack");
        peel_err_set(err, why.code, "%s", why.msg);
        return -1;
    }
    rc = read_into(f == 1 ? res.pdf : res.zip, &r->out, err);
    peel_pack_result_release(&res);
    remove_dir(dir);
    if (rc < 0)
        return -1;
    return answer_bytes(r, f == 1 ? "application/pdf" : "application/zip",
                        f == 1 ? "pack.pdf" : "pack.zip");
}

const peel_route peel_routes_papers[] = {
    {"GET", "/papers", page_list, PEEL_PAGE_EVERYONE, "Papers", NULL},
    {"GET", "/papers/packs/*", page_pack, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/papers/*/download", page_download, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/papers/*", page_paper, PEEL_PAGE_EVERYONE, NULL, NULL},
    {0},
};
