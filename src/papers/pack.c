/* pack.c - a meeting's agenda pack (pack.h).  The PDFs come from
 * render/doc_out.h; the zip from libzip. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zip.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/vec.h"
#include "domain/register.h"
#include "model/attach.h"
#include "model/records.h"
#include "papers/out.h"
#include "papers/pack.h"
#include "papers/papers.h"
#include "render/doc_out.h"

/* The pack's parts in order: the agenda, then each paper. */
typedef struct part {
    peel_doc doc;
    char *key;      /* the paper's key; NULL for the agenda */
    char *bookmark; /* "5. Commissioner's update" */
    char *file;     /* "05-2023-10-update.pdf" */
    char *title;
} part;

typedef PEEL_VEC(part) parts;

static void parts_release(parts *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        peel_doc_free(&ps->v[i].doc);
        free(ps->v[i].key);
        free(ps->v[i].bookmark);
        free(ps->v[i].file);
        free(ps->v[i].title);
    }
    peel_vec_release(ps);
}

/* An item's number as the agenda prints it ("4", "4.ii"): its leading
 * whole number, or 0. */
static long lead(const peel_record *item)
{
    const char *t = peel_rec_str(item, PEEL_ITEM_NUMBER);
    char *end;
    long n = strtol(t, &end, 10);
    return end == t || n < 0 ? 0 : n;
}

/* Agenda order: by the leading number, then the rest as text ("4.i", "4.ii"). */
static int by_number(const void *a, const void *b)
{
    const peel_record *x = *(peel_record *const *)a, *y = *(peel_record *const *)b;
    long nx = lead(x), ny = lead(y);
    if (nx != ny)
        return nx < ny ? -1 : 1;
    int c = strcmp(peel_rec_str(x, PEEL_ITEM_NUMBER), peel_rec_str(y, PEEL_ITEM_NUMBER));
    return c ? c : x->id < y->id ? -1 : x->id > y->id;
}

static int by_paper_key(const void *a, const void *b)
{
    const peel_record *x = *(peel_record *const *)a, *y = *(peel_record *const *)b;
    return strcmp(peel_rec_str(x, PEEL_PAPER_KEY), peel_rec_str(y, PEEL_PAPER_KEY));
}

/* The meeting, its items and its papers that rd may open. */
typedef struct meeting_parts {
    peel_record *meeting;
    peel_records items, papers;
} meeting_parts;

static void meeting_release(meeting_parts *m)
{
    peel_record_free(m->meeting);
    peel_records_free(&m->items);
    peel_records_free(&m->papers);
}

static int keep_visible(peel_records *rs, const peel_reader *rd, int field, int64_t id)
{
    size_t k = 0;
    for (size_t i = 0; i < rs->n; i++) {
        peel_record *r = rs->v[i];
        if (peel_record_ref_at(r, field) == id && peel_reader_record_visible(rd, r))
            rs->v[k++] = r;
        else
            peel_record_free(r);
    }
    rs->n = k;
    return 0;
}

static int meeting_load(peel_store *s, const peel_reader *rd, const char *key, meeting_parts *m,
                        peel_err *err)
{
    int64_t id;
    memset(m, 0, sizeof *m);
    if (peel_reader_lookup(s, rd, &peel_type_meeting, key, &id, err) < 0 ||
        peel_store_get(s, &peel_type_meeting, id, &m->meeting, err) < 0 ||
        peel_records_load(s, &peel_type_item, &m->items, err) < 0 ||
        peel_records_load(s, &peel_type_paper, &m->papers, err) < 0) {
        meeting_release(m);
        return -1;
    }
    keep_visible(&m->items, rd, PEEL_ITEM_MEETING, id);
    keep_visible(&m->papers, rd, PEEL_PAPER_MEETING, id);
    if (m->items.n > 1)
        qsort(m->items.v, m->items.n, sizeof *m->items.v, by_number);
    if (m->papers.n > 1)
        qsort(m->papers.v, m->papers.n, sizeof *m->papers.v, by_paper_key);
    return 0;
}

static int agenda_doc(peel_store *s, const peel_reader *rd, const meeting_parts *m, peel_doc *d,
                      peel_err *err)
{
    const peel_record *mt = m->meeting;
    peel_buf body = PEEL_BUF_INIT, papers = PEEL_BUF_INIT;
    char day[32] = "";
    peel_doc_table *t;
    int rc = -1;

    memset(d, 0, sizeof *d);
    if (peel_reader_ref_text(s, rd, &peel_type_meeting.fields[PEEL_MEETING_BODY],
                             &mt->v[PEEL_MEETING_BODY], &body, NULL, err) < 0)
        goto done;
    peel_date_format_long((peel_date)peel_rec_int(mt, PEEL_MEETING_DATE), day);
    peel_doc_addf(d, PEEL_BLOCK_TITLE, 0, "%s, %s: agenda", peel_buf_str(&body), day);
    peel_doc_field(d, "Date", day);
    peel_doc_field(d, "Time", peel_rec_str(mt, PEEL_MEETING_TIME));
    peel_doc_field(d, "Place", peel_rec_str(mt, PEEL_MEETING_PLACE));
    t = peel_doc_table_add(d, "Agenda", 4, 1, false);
    if (t) {
        const char *head[] = {"Item", "Business", "Report author", "Papers in this pack"};
        peel_doc_table_row(d, t, head);
        peel_doc_table_numeric(d, t, 0);
    }
    for (size_t i = 0; t && i < m->items.n; i++) {
        const peel_record *it = m->items.v[i];
        const char *num = peel_rec_str(it, PEEL_ITEM_NUMBER);
        peel_buf_reset(&papers);
        for (size_t k = 0; k < m->papers.n; k++)
            if (peel_record_ref_at(m->papers.v[k], PEEL_PAPER_ITEM) == it->id)
                peel_buf_printf(&papers, "%s%s", papers.len ? "; " : "",
                                peel_rec_str(m->papers.v[k], PEEL_PAPER_TITLE));
        const char *row[] = {num, peel_rec_str(it, PEEL_ITEM_TITLE),
                             peel_rec_str(it, PEEL_ITEM_AUTHOR), peel_buf_str(&papers)};
        peel_doc_table_row(d, t, row);
    }
    if (!m->items.n)
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL, "No agenda items are recorded.");
    for (size_t i = 0; i < m->items.n; i++) {
        const peel_record *it = m->items.v[i];
        const char *overview = peel_rec_str(it, PEEL_ITEM_OVERVIEW);
        if (!*overview)
            continue;
        peel_doc_addf(d, PEEL_BLOCK_HEADING, 1, "%s. %s", peel_rec_str(it, PEEL_ITEM_NUMBER),
                      peel_rec_str(it, PEEL_ITEM_TITLE));
        peel_doc_add(d, PEEL_BLOCK_PARA, 0, NULL, overview);
    }
    if (d->failed) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory building the agenda");
        goto done;
    }
    rc = 0;
done:
    peel_buf_release(&body);
    peel_buf_release(&papers);
    if (rc < 0)
        peel_doc_free(d);
    return rc;
}

int peel_pack_agenda(peel_store *s, const peel_reader *rd, const char *meeting, peel_doc *out,
                     peel_err *err)
{
    meeting_parts m;
    int rc;
    if (meeting_load(s, rd, meeting, &m, err) < 0)
        return -1;
    rc = agenda_doc(s, rd, &m, out, err);
    meeting_release(&m);
    return rc;
}

/* A paper's model for rd, as a part named by its item. */
static int paper_part(peel_store *s, const peel_reader *rd, const peel_record *paper,
                      const peel_record *item, size_t seq, parts *ps, peel_err *err)
{
    const char *key = peel_rec_str(paper, PEEL_PAPER_KEY);
    peel_paper p;
    peel_paper_figs figs;
    part *pt;
    char file[200], mark[400];

    if (peel_paper_load(s, rd, key, &p, err) < 0)
        return -1;
    if (peel_paper_figures(s, rd, &p, &figs, err) < 0) {
        peel_paper_release(&p);
        return -1;
    }
    pt = peel_vec_push(ps);
    if (!pt) {
        peel_paper_figs_release(&figs);
        peel_paper_release(&p);
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    }
    int rc = peel_paper_doc(s, rd, &p, &figs, &pt->doc, err);
    peel_paper_figs_release(&figs);
    peel_paper_release(&p);
    if (rc < 0)
        return -1;
    /* A stable file name: the item's number (or the paper's place) and key. */
    long n = item ? lead(item) : (long)(90 + seq);
    snprintf(file, sizeof file, "%02ld-", n);
    size_t k = strlen(file);
    for (const char *c = key; *c && k + 5 < sizeof file; c++)
        file[k++] = (char)((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                                   (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'
                               ? *c
                               : '-');
    memcpy(file + k, ".pdf", 5);
    if (item)
        snprintf(mark, sizeof mark, "%s. %s", peel_rec_str(item, PEEL_ITEM_NUMBER),
                 peel_rec_str(paper, PEEL_PAPER_TITLE));
    else
        snprintf(mark, sizeof mark, "%s", peel_rec_str(paper, PEEL_PAPER_TITLE));
    pt->key = strdup(key);
    pt->file = strdup(file);
    pt->bookmark = strdup(mark);
    pt->title = strdup(peel_rec_str(paper, PEEL_PAPER_TITLE));
    if (!pt->key || !pt->file || !pt->bookmark || !pt->title)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    return 0;
}

static char *join(const char *dir, const char *name)
{
    peel_buf b = PEEL_BUF_INIT;
    peel_buf_printf(&b, "%s/%s", dir, name);
    return peel_buf_detach(&b);
}

static int zip_all(const char *dir, const parts *ps, const char *zpath, peel_err *err)
{
    int zerr = 0;
    zip_t *z;
    peel_buf manifest = PEEL_BUF_INIT;

    remove(zpath);
    z = zip_open(zpath, ZIP_CREATE | ZIP_EXCL, &zerr);
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        peel_err_set(err, PEEL_EIO, "%s: %s", zpath, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return -1;
    }
    const char *head[] = {"order", "file", "title", "paper"};
    peel_csv_put_row(&manifest, head, 4);
    for (size_t i = 0; i < ps->n; i++) {
        char *path = join(dir, ps->v[i].file);
        zip_source_t *src = path ? zip_source_file(z, path, 0, -1) : NULL;
        free(path);
        if (!src || zip_file_add(z, ps->v[i].file, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
            if (src)
                zip_source_free(src);
            peel_err_set(err, PEEL_EIO, "%s: %s", zpath, zip_strerror(z));
            zip_discard(z);
            peel_buf_release(&manifest);
            return -1;
        }
        char order[24];
        snprintf(order, sizeof order, "%zu", i + 1);
        const char *row[] = {order, ps->v[i].file, ps->v[i].title,
                             ps->v[i].key ? ps->v[i].key : ""};
        peel_csv_put_row(&manifest, row, 4);
    }
    zip_source_t *msrc =
        manifest.failed ? NULL : zip_source_buffer(z, manifest.data, manifest.len, 0);
    if (!msrc || zip_file_add(z, "manifest.csv", msrc, ZIP_FL_ENC_UTF_8) < 0) {
        if (msrc)
            zip_source_free(msrc);
        peel_err_set(err, PEEL_EIO, "%s: %s", zpath, zip_strerror(z));
        zip_discard(z);
        peel_buf_release(&manifest);
        return -1;
    }
    if (zip_close(z) < 0) {
        peel_err_set(err, PEEL_EIO, "%s: %s", zpath, zip_strerror(z));
        zip_discard(z);
        peel_buf_release(&manifest);
        return -1;
    }
    peel_buf_release(&manifest);
    return 0;
}

int peel_pack_write(peel_store *s, const peel_reader *rd, const char *meeting, const char *dir,
                    peel_pack_result *out, peel_err *err)
{
    meeting_parts m;
    parts ps = {0};
    peel_pdf *pdf = NULL;
    int rc = -1;
    const char *marking = "OFFICIAL";

    memset(out, 0, sizeof *out);
    if (mkdir(dir, 0777) < 0 && errno != EEXIST)
        return peel_err_set(err, PEEL_EIO, "%s: %s", dir, strerror(errno));
    if (meeting_load(s, rd, meeting, &m, err) < 0)
        return -1;
    part *ag = peel_vec_push(&ps);
    if (!ag) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        goto done;
    }
    if (agenda_doc(s, rd, &m, &ag->doc, err) < 0)
        goto done;
    ag->file = strdup("00-agenda.pdf");
    ag->bookmark = strdup("Agenda");
    ag->title = strdup("Agenda");
    if (!ag->file || !ag->bookmark || !ag->title) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        goto done;
    }
    /* Each item's papers in agenda order, then papers of the meeting with no item. */
    for (size_t i = 0; i < m.items.n; i++)
        for (size_t k = 0; k < m.papers.n; k++)
            if (peel_record_ref_at(m.papers.v[k], PEEL_PAPER_ITEM) == m.items.v[i]->id &&
                paper_part(s, rd, m.papers.v[k], m.items.v[i], k, &ps, err) < 0)
                goto done;
    for (size_t k = 0; k < m.papers.n; k++) {
        int64_t item = peel_record_ref_at(m.papers.v[k], PEEL_PAPER_ITEM);
        bool placed = false;
        for (size_t i = 0; i < m.items.n; i++)
            placed = placed || m.items.v[i]->id == item;
        if (!placed && paper_part(s, rd, m.papers.v[k], NULL, k, &ps, err) < 0)
            goto done;
    }
    for (size_t i = 0; i < ps.n; i++)
        if (ps.v[i].doc.sensitive)
            marking = "OFFICIAL-SENSITIVE";
    /* One file per part, then the whole pack. */
    for (size_t i = 0; i < ps.n; i++) {
        peel_pdf_opts o = {.marking = peel_paper_marking(&ps.v[i].doc), .author = NULL};
        char *path = join(dir, ps.v[i].file);
        int r = path ? peel_doc_pdf(&ps.v[i].doc, &o, path, err)
                     : peel_err_set(err, PEEL_ENOMEM, "out of memory");
        free(path);
        if (r < 0)
            goto done;
    }
    out->pdf = join(dir, "pack.pdf");
    out->zip = join(dir, "pack.zip");
    if (!out->pdf || !out->zip) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        goto done;
    }
    peel_pdf_opts po = {.marking = marking, .author = NULL, .subject = "Agenda pack"};
    pdf = peel_pdf_open(out->pdf, &po, err);
    if (!pdf)
        goto done;
    for (size_t i = 0; i < ps.n; i++)
        if (peel_pdf_add(pdf, &ps.v[i].doc, ps.v[i].bookmark, peel_paper_marking(&ps.v[i].doc),
                         err) < 0) {
            peel_pdf_close(pdf, NULL);
            pdf = NULL;
            goto done;
        }
    rc = peel_pdf_close(pdf, err);
    pdf = NULL;
    if (rc < 0)
        goto done;
    rc = zip_all(dir, &ps, out->zip, err);
    out->items = m.items.n;
    out->papers = ps.n - 1;
done:
    parts_release(&ps);
    meeting_release(&m);
    if (rc < 0)
        peel_pack_result_release(out);
    return rc;
}

int peel_pack_attach(peel_store *s, const char *user, const char *meeting,
                     const peel_pack_result *res, peel_err *err)
{
    peel_buf data = PEEL_BUF_INIT;
    peel_fielderrs errs = {0};
    int64_t id, aid;
    FILE *fp;
    char chunk[65536];
    size_t n;
    int rc;

    if (peel_reader_lookup(s, peel_reader_of(PEEL_ROLE_STAFF), &peel_type_meeting, meeting, &id,
                           err) < 0)
        return -1;
    fp = fopen(res->pdf, "rb");
    if (!fp)
        return peel_err_set(err, PEEL_EIO, "%s: %s", res->pdf, strerror(errno));
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        peel_buf_append(&data, chunk, n);
    fclose(fp);
    if (data.failed) {
        peel_buf_release(&data);
        return peel_err_set(err, PEEL_ENOMEM, "%s: too large", res->pdf);
    }
    peel_attach_new a = {.type = &peel_type_meeting,
                         .record_id = id,
                         .data = data.data,
                         .len = data.len,
                         .filename = "pack.pdf",
                         .title = "Agenda pack (generated by peel)",
                         .kind = "agenda"};
    rc = peel_attach_add(s, user, &a, &aid, &errs, err);
    if (rc < 0 && errs.n)
        peel_fielderrs_to_err(&errs, err);
    peel_buf_release(&data);
    return rc;
}

void peel_pack_result_release(peel_pack_result *r)
{
    free(r->pdf);
    free(r->zip);
    memset(r, 0, sizeof *r);
}
