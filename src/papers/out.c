/* out.c - a paper in each of its formats (papers.h): the same model, built
 * once for the reader, rendered as HTML, PDF, XLSX, CSV or text. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "papers/out.h"
#include "render/doc_out.h"

static const struct {
    const char *name, *ctype, *ext;
} formats[] = {
    [PEEL_PAPER_HTML] = {"html", "text/html; charset=utf-8", "html"},
    [PEEL_PAPER_PDF] = {"pdf", "application/pdf", "pdf"},
    [PEEL_PAPER_XLSX] = {"xlsx",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         "xlsx"},
    [PEEL_PAPER_CSV] = {"csv", "text/csv; charset=utf-8", "csv"},
    [PEEL_PAPER_TEXT] = {"text", "text/plain; charset=utf-8", "txt"},
};

const char *const peel_paper_format_names[] = {"html", "pdf", "xlsx", "csv", "text", NULL};

bool peel_paper_format_parse(const char *s, enum peel_paper_format *out)
{
    for (int i = 0; i <= PEEL_PAPER_TEXT; i++)
        if (!strcmp(s, formats[i].name)) {
            *out = (enum peel_paper_format)i;
            return true;
        }
    return false;
}

const char *peel_paper_format_ctype(enum peel_paper_format f)
{
    return formats[f].ctype;
}

const char *peel_paper_format_ext(enum peel_paper_format f)
{
    return formats[f].ext;
}

const char *peel_paper_marking(const peel_doc *d)
{
    return d->sensitive ? "OFFICIAL-SENSITIVE" : "OFFICIAL";
}

/* Reads the whole file at path into out. */
static int slurp(const char *path, peel_buf *out, peel_err *err)
{
    char chunk[65536];
    ssize_t n;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return peel_err_set(err, PEEL_EIO, "%s: %s", path, strerror(errno));
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        if (peel_buf_append(out, chunk, (size_t)n) < 0) {
            close(fd);
            return peel_err_set(err, PEEL_ENOMEM, "%s: too large to read", path);
        }
    close(fd);
    if (n < 0)
        return peel_err_set(err, PEEL_EIO, "%s: %s", path, strerror(errno));
    return 0;
}

int peel_paper_doc_write(const peel_doc *d, enum peel_paper_format f, const char *author,
                         const char *path, peel_buf *out, peel_err *err)
{
    peel_pdf_opts o = {.marking = peel_paper_marking(d), .author = author, .subject = NULL};
    char tmp[4096];
    int rc;

    if (f == PEEL_PAPER_HTML || f == PEEL_PAPER_CSV || f == PEEL_PAPER_TEXT) {
        if (f == PEEL_PAPER_HTML)
            rc = peel_doc_html(d, out);
        else if (f == PEEL_PAPER_CSV)
            rc = peel_doc_csv(d, out);
        else
            rc = peel_doc_text(d, out);
        if (rc < 0 || out->failed)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the paper");
        if (!path)
            return 0;
        FILE *fp = fopen(path, "wb");
        if (!fp || fwrite(out->data ? out->data : "", 1, out->len, fp) != out->len) {
            int e = errno;
            if (fp)
                fclose(fp);
            return peel_err_set(err, PEEL_EIO, "%s: %s", path, strerror(e));
        }
        if (fclose(fp) != 0)
            return peel_err_set(err, PEEL_EIO, "%s: %s", path, strerror(errno));
        return 0;
    }
    /* PDF and XLSX are written to a file; into a buffer through a temporary one. */
    if (!path) {
        const char *dir = getenv("TMPDIR");
        snprintf(tmp, sizeof tmp, "%s/peel-paper-XXXXXX", dir && *dir ? dir : "/tmp");
        int fd = mkstemp(tmp);
        if (fd < 0)
            return peel_err_set(err, PEEL_EIO, "%s: %s", tmp, strerror(errno));
        close(fd);
    }
    rc = f == PEEL_PAPER_PDF ? peel_doc_pdf(d, &o, path ? path : tmp, err)
                             : peel_doc_xlsx(d, path ? path : tmp, err);
    if (rc == 0 && !path)
        rc = slurp(tmp, out, err);
    if (!path)
        unlink(tmp);
    return rc;
}

int peel_paper_render(peel_store *s, const peel_reader *rd, const char *key,
                      enum peel_paper_format f, const char *path, peel_buf *out, peel_err *err)
{
    peel_paper p;
    peel_paper_figs figs;
    peel_doc d;
    int rc;

    if (peel_paper_load(s, rd, key, &p, err) < 0)
        return -1;
    if (peel_paper_figures(s, rd, &p, &figs, err) < 0) {
        peel_paper_release(&p);
        return -1;
    }
    rc = peel_paper_doc(s, rd, &p, &figs, &d, err);
    if (rc == 0) {
        rc = peel_paper_doc_write(&d, f, peel_rec_str(p.rec, PEEL_PAPER_AUTHOR), path, out, err);
        peel_doc_free(&d);
    }
    peel_paper_figs_release(&figs);
    peel_paper_release(&p);
    return rc;
}
