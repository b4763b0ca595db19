/* import.c - reads police.uk street, outcomes and stop-and-search files into
 * the crime tables.
 *
 * One pass per file with the streaming CSV reader: memory is the reader's
 * buffer, the dimension caches (bounded) and one file's counts by LSOA x type
 * x outcome, whatever the file's size.  The SHA-256 that identifies a file is
 * computed (nettle: SHA instructions where the CPU has them) on a second
 * thread while the main thread parses, so on two cores it costs no wall
 * time; the decision "same file again" is taken at the end of the file by
 * rolling its savepoint back.  Street rows are packed into chunks
 * (crime_db.h); the import runs in the transaction cmd_crime.c opens with
 * peel_crime_db_bulk_begin (the rollback journal when it can), committed
 * after a batch of files and begun again: a batch is the files of about a
 * second (BATCH_NS), each in its own savepoint, so a file is whole or
 * absent, a commit (and its fsync) is paid once a batch rather than once a
 * file, and the web's writers wait about a second, never for the whole
 * import.
 *
 * Order of work for a file: header -> kind; first row -> force and month,
 * which must agree with the file name; the current import of that (kind,
 * force, month) is removed; rows are validated and stored; counts written;
 * provenance recorded; its LSOAs placed in districts; its savepoint
 * released; the batch committed when it is due, and only then the report's
 * lines for its files printed (so a line never names a file that a kill
 * leaves absent).  Any error names file, line
 * and column and returns -1: the file's savepoint is rolled back and the
 * files before it in the batch committed (the files before it stay
 * imported; importing again skips them).
 */
#include "crime/import.h"

#include <dirent.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/clock.h"
#include "core/csv.h"
#include "core/progress.h"
#include "crime/police.h"
#include "store/crime_db.h"

/* ---- SHA-256 ---- */

int peel_crime_sha256_file(const char *path, char out[65], peel_err *err)
{
    static const char hex[] = "0123456789abcdef";
    struct sha256_ctx st;
    unsigned char digest[SHA256_DIGEST_SIZE];
    FILE *f = fopen(path, "rb");
    if (!f)
        return peel_err_set(err, PEEL_EIO, "%s: %s", path, strerror(errno));
    unsigned char *buf = malloc(1 << 16);
    if (!buf) {
        fclose(f);
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    }
    sha256_init(&st);
    size_t n;
    while ((n = fread(buf, 1, 1 << 16, f)) > 0)
        sha256_update(&st, n, buf);
    int bad = ferror(f);
    fclose(f);
    free(buf);
    if (bad)
        return peel_err_set(err, PEEL_EIO, "%s: read error", path);
    sha256_digest(&st, sizeof digest, digest);
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[64] = 0;
    return 0;
}

struct hash_job {
    const char *path;
    char hex[65];
    peel_err err;
    int rc;
};

static void *hash_thread(void *arg)
{
    struct hash_job *j = arg;
    j->rc = peel_crime_sha256_file(j->path, j->hex, &j->err);
    return NULL;
}

/* ---- finding files ---- */

typedef struct file_list {
    char **v;
    size_t n, cap;
} file_list;

static int list_add(file_list *l, const char *path, peel_err *err)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        l->v = v;
        l->cap = cap;
    }
    if (!(l->v[l->n] = strdup(path)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    l->n++;
    return 0;
}

static void list_free(file_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && !strcmp(s + n - t, tail);
}

static bool police_name(const char *name)
{
    return ends_with(name, "-street.csv") || ends_with(name, "-outcomes.csv") ||
           ends_with(name, "-stop-and-search.csv");
}

static int walk(file_list *l, const char *path, bool explicit, int depth, peel_err *err)
{
    struct stat sb;
    if (stat(path, &sb) < 0)
        return peel_err_set(err, PEEL_ENOTFOUND, "%s: %s", path, strerror(errno));
    if (!S_ISDIR(sb.st_mode)) {
        if (explicit || police_name(path))
            return list_add(l, path, err);
        return 0;
    }
    if (depth > 16)
        return 0;
    DIR *d = opendir(path);
    if (!d)
        return peel_err_set(err, PEEL_EIO, "%s: %s", path, strerror(errno));
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(path) + strlen(e->d_name) + 2;
        char *child = malloc(n);
        if (!child) {
            rc = peel_err_set(err, PEEL_ENOMEM, "out of memory");
            break;
        }
        snprintf(child, n, "%s/%s", path, e->d_name);
        rc = walk(l, child, false, depth + 1, err);
        free(child);
    }
    closedir(d);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- one file's counts: (lsoa, type, outcome) -> n ---- */

typedef peel_crime_count count_slot; /* n == 0: empty */

typedef struct counts {
    count_slot *s;
    size_t cap, n;
} counts;

static uint64_t mix(int64_t a, int64_t b, int64_t c)
{
    uint64_t h = (uint64_t)a * 0x9E3779B97F4A7C15ULL;
    h ^= (uint64_t)b * 0xC2B2AE3D27D4EB4FULL + (h << 6) + (h >> 2);
    h ^= (uint64_t)c * 0x165667B19E3779F9ULL + (h << 6) + (h >> 2);
    return h ^ (h >> 29);
}

static int counts_add(counts *c, int64_t lsoa, int64_t type, int64_t outcome, peel_err *err)
{
    if ((c->n + 1) * 2 > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 4096;
        count_slot *s = calloc(cap, sizeof *s);
        if (!s)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        for (size_t i = 0; i < c->cap; i++) {
            if (!c->s[i].n)
                continue;
            size_t j = mix(c->s[i].lsoa, c->s[i].type, c->s[i].outcome) & (cap - 1);
            while (s[j].n)
                j = (j + 1) & (cap - 1);
            s[j] = c->s[i];
        }
        free(c->s);
        c->s = s;
        c->cap = cap;
    }
    size_t i = mix(lsoa, type, outcome) & (c->cap - 1);
    for (;; i = (i + 1) & (c->cap - 1)) {
        count_slot *s = &c->s[i];
        if (!s->n) {
            *s = (count_slot){lsoa, type, outcome, 1};
            c->n++;
            return 0;
        }
        if (s->lsoa == lsoa && s->type == type && s->outcome == outcome) {
            s->n++;
            return 0;
        }
    }
}

static void counts_reset(counts *c)
{
    if (c->s)
        memset(c->s, 0, c->cap * sizeof *c->s);
    c->n = 0;
}

/* ---- the import of one file ---- */

typedef struct importer {
    peel_store *store;
    peel_crime_db *db;
    const peel_crime_import_opts *o;
    peel_crime_import_stats *stats;
    FILE *rejects;
    counts counts;
    peel_progress prog;
    struct timespec batch_start;       /* when the batch not yet committed began */
    int64_t batch_files;               /* files in it */
    peel_crime_import_stats committed; /* *stats as of the last commit */
    peel_buf said; /* the report's lines for the batch's files, printed once it commits */
} importer;

/* A batch of files is committed once it has run this long (1 s). */
#define BATCH_NS 1000000000LL

static int64_t since_ns(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)(now.tv_sec - t->tv_sec) * 1000000000LL + (now.tv_nsec - t->tv_nsec);
}

/* Commits the batch and begins the next. */
static int batch_commit(importer *im, peel_err *err)
{
    if (peel_store_commit(im->store, err) < 0)
        return -1;
    im->batch_files = 0;
    im->committed = *im->stats;
    /* Only now are the batch's files in the database: say so. */
    if (im->o->report && im->said.len) {
        peel_progress_end(&im->prog);
        fwrite(im->said.data, 1, im->said.len, im->o->report);
        fflush(im->o->report);
    }
    peel_buf_reset(&im->said);
    clock_gettime(CLOCK_MONOTONIC, &im->batch_start);
    return peel_store_begin(im->store, err);
}

typedef struct file_state {
    const char *path;
    enum peel_crime_kind kind;
    bool named; /* the file name gives a month */
    peel_month name_month;
    char slug[128];
    bool started; /* first row seen: force and month fixed */
    peel_month month;
    int64_t force_id;
    peel_buf force_name; /* the first row's force, to compare later rows */
    int64_t rows, rejected, first_row, last_row, replaced;
} file_state;

static int reject(importer *im, file_state *fs, const peel_csv_row *row, peel_err *rowerr,
                  peel_err *err)
{
    if (!im->rejects) {
        peel_err_set(err, rowerr->code, "%s", rowerr->msg);
        return -1;
    }
    peel_buf b = PEEL_BUF_INIT;
    char line[24];
    snprintf(line, sizeof line, "%llu", (unsigned long long)row->line);
    peel_csv_put_field(&b, fs->path, strlen(fs->path));
    peel_buf_putc(&b, ',');
    peel_csv_put_field(&b, line, strlen(line));
    peel_buf_putc(&b, ',');
    peel_csv_put_field(&b, rowerr->msg, strlen(rowerr->msg));
    for (size_t i = 0; i < row->n; i++) {
        peel_buf_putc(&b, ',');
        peel_csv_put_field(&b, row->fields[i].p, row->fields[i].n);
    }
    peel_buf_putc(&b, '\n');
    int rc = 0;
    if (b.failed || fwrite(b.data, 1, b.len, im->rejects) != b.len)
        rc = peel_err_set(err, PEEL_EIO, "%s: cannot write the rejected row", im->o->skip_bad);
    peel_buf_release(&b);
    fs->rejected++;
    return rc;
}

/* Fixes force and month from the first good row and clears the way for the
 * file's rows by removing the current import of the same force and month. */
static int start_rows(importer *im, file_state *fs, peel_str force, peel_month month,
                      const peel_csv_row *row, peel_err *rowerr, peel_err *err)
{
    if (fs->named && month != fs->name_month) {
        char a[8], b[8];
        peel_month_format(month, a);
        peel_month_format(fs->name_month, b);
        peel_err_set(rowerr, PEEL_EINPUT,
                     "line %llu, column %d (%s): month %s disagrees with the file name (%s)",
                     (unsigned long long)row->line, 2,
                     fs->kind == PEEL_CRIME_SEARCH ? "Date" : "Month", a, b);
        return 1;
    }
    if (!fs->started) {
        fs->started = true;
        fs->month = month;
        peel_buf_append(&fs->force_name, force.p, force.n);
        if (fs->force_name.failed)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        if (peel_crime_db_dim(im->db, PEEL_DIM_FORCE, force, &fs->force_id, err) < 0)
            return -1;
        int r = peel_crime_db_replace(im->db, fs->kind, fs->force_id, month, &fs->replaced, err);
        if (r < 0)
            return -1;
        /* Earlier versions filed stop and search under the slug: replace
         * such an import of the same month too. */
        if (fs->kind == PEEL_CRIME_SEARCH && fs->slug[0] && !peel_str_eq(force, fs->slug)) {
            int64_t slug_id, old;
            if (peel_crime_db_dim(im->db, PEEL_DIM_FORCE, peel_str_c(fs->slug), &slug_id, err) <
                    0 ||
                peel_crime_db_replace(im->db, fs->kind, slug_id, month, &old, err) < 0)
                return -1;
        }
        return 0;
    }
    if (month != fs->month) {
        char a[8], b[8];
        peel_month_format(month, a);
        peel_month_format(fs->month, b);
        peel_err_set(rowerr, PEEL_EINPUT,
                     "line %llu, column 2 (%s): month %s differs from the file's month %s",
                     (unsigned long long)row->line,
                     fs->kind == PEEL_CRIME_SEARCH ? "Date" : "Month", a, b);
        return 1;
    }
    if (fs->kind != PEEL_CRIME_SEARCH && !peel_str_eq(force, peel_buf_str(&fs->force_name))) {
        peel_err_set(rowerr, PEEL_EINPUT,
                     "line %llu, column 3 (Reported by): '%.*s' differs from the file's "
                     "force '%s'",
                     (unsigned long long)row->line, (int)(force.n > 60 ? 60 : force.n), force.p,
                     peel_buf_str(&fs->force_name));
        return 1;
    }
    return 0;
}

/* rowid: the row's (or, for street files, the chunk just written's) id; 0
 * when a street row was only buffered. */
static void note_row(file_state *fs, int64_t rowid)
{
    if (rowid && !fs->first_row)
        fs->first_row = rowid;
    if (rowid)
        fs->last_row = rowid;
    fs->rows++;
}

static int street_row(importer *im, file_state *fs, const peel_csv_row *row, peel_err *rowerr,
                      peel_err *err)
{
    peel_crime_street r;
    peel_crime_fact f;
    int64_t rowid;
    if (peel_crime_parse_street(row, &r, rowerr) < 0)
        return 1;
    int rc = start_rows(im, fs, r.reported_by, r.month, row, rowerr, err);
    if (rc)
        return rc;
    f.month = r.month;
    f.force_id = fs->force_id;
    f.at = r.at;
    f.crime_id = r.crime_id;
    if (peel_crime_db_lsoa(im->db, r.lsoa_code, r.lsoa_name, &f.lsoa_id, err) < 0 ||
        peel_crime_db_dim(im->db, PEEL_DIM_TYPE, r.type, &f.type_id, err) < 0 ||
        peel_crime_db_dim(im->db, PEEL_DIM_OUTCOME, r.outcome, &f.outcome_id, err) < 0 ||
        peel_crime_db_dim(im->db, PEEL_DIM_CONTEXT, r.context, &f.context_id, err) < 0 ||
        peel_crime_db_dim(im->db, PEEL_DIM_STREET, r.location, &f.street_id, err) < 0 ||
        peel_crime_db_fact_add(im->db, &f, &rowid, err) < 0 ||
        counts_add(&im->counts, f.lsoa_id, f.type_id, f.outcome_id, err) < 0)
        return -1;
    note_row(fs, rowid);
    return 0;
}

static int outcome_row(importer *im, file_state *fs, const peel_csv_row *row, peel_err *rowerr,
                       peel_err *err)
{
    peel_crime_outcome r;
    int64_t lsoa, type, rowid;
    if (peel_crime_parse_outcome(row, &r, rowerr) < 0)
        return 1;
    int rc = start_rows(im, fs, r.reported_by, r.month, row, rowerr, err);
    if (rc)
        return rc;
    if (peel_crime_db_lsoa(im->db, r.lsoa_code, r.lsoa_name, &lsoa, err) < 0 ||
        peel_crime_db_dim(im->db, PEEL_DIM_OUTCOME_TYPE, r.outcome_type, &type, err) < 0 ||
        peel_crime_db_outcome_add(im->db, r.month, fs->force_id, r.crime_id, lsoa, type, &rowid,
                                  err) < 0)
        return -1;
    note_row(fs, rowid);
    return 0;
}

static int search_row(importer *im, file_state *fs, const peel_csv_row *row, peel_err *rowerr,
                      peel_err *err)
{
    peel_crime_search r;
    peel_crime_search_row s;
    int64_t rowid;
    if (peel_crime_parse_search(row, &r, rowerr) < 0)
        return 1;
    /* Stop-and-search rows do not name the force: the file name does, as
     * a slug mapped to the name street files use (the slug if unknown). */
    const char *known = peel_crime_force_of_slug(fs->slug);
    peel_str force = peel_str_c(known ? known : fs->slug[0] ? fs->slug : "unknown");
    int rc = start_rows(im, fs, force, r.month, row, rowerr, err);
    if (rc)
        return rc;
    s = (peel_crime_search_row){.month = r.month,
                                .force_id = fs->force_id,
                                .date = r.date,
                                .operation = r.operation,
                                .linked = r.linked,
                                .removal = r.removal,
                                .at = r.at};
    if (peel_crime_db_dim(im->db, PEEL_DIM_SEARCH_TYPE, r.type, &s.type_id, err) < 0 ||
        peel_crime_db_dim(im->db, PEEL_DIM_OPERATION, r.operation_name, &s.operation_id, err) < 0 ||
        peel_crime_db_dim(im->db, PEEL_DIM_GENDER, r.gender, &s.gender_id, err) < 0 ||
        peel_crime_db_dim(im->db, PEEL_DIM_AGE, r.age, &s.age_id, err) < 0 ||
        peel_crime_db_dim(im->db, PEEL_DIM_ETHNICITY, r.self_ethnicity, &s.ethnicity_id, err) < 0 ||
        peel_crime_db_dim(im->db, PEEL_DIM_OFFICER_ETHNICITY, r.officer_ethnicity,
                          &s.officer_ethnicity_id, err) < 0 ||
        peel_crime_db_dim(im->db, PEEL_DIM_LEGISLATION, r.legislation, &s.legislation_id, err) <
            0 ||
        peel_crime_db_dim(im->db, PEEL_DIM_OBJECT, r.object, &s.object_id, err) < 0 ||
        peel_crime_db_dim(im->db, PEEL_DIM_SEARCH_OUTCOME, r.outcome, &s.outcome_id, err) < 0 ||
        peel_crime_db_search_add(im->db, &s, &rowid, err) < 0)
        return -1;
    note_row(fs, rowid);
    return 0;
}

static int cmp_count(const void *x, const void *y)
{
    const count_slot *a = x, *b = y;
    if (a->lsoa != b->lsoa)
        return a->lsoa < b->lsoa ? -1 : 1;
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    return a->outcome < b->outcome ? -1 : a->outcome > b->outcome;
}

/* Writes the file's counts in key order (the count table is keyed LSOA
 * first: in order, each insert lands next to the last); the table is
 * compacted and sorted in place, so it is reset afterwards. */
static int write_counts(importer *im, file_state *fs, peel_err *err)
{
    size_t n = 0;
    for (size_t i = 0; i < im->counts.cap; i++)
        if (im->counts.s[i].n)
            im->counts.s[n++] = im->counts.s[i];
    qsort(im->counts.s, n, sizeof *im->counts.s, cmp_count);
    int rc = peel_crime_db_counts_add(im->db, fs->month, fs->force_id, im->counts.s, n, err);
    counts_reset(&im->counts);
    return rc;
}

/* Parses and stores one file; returns 0 (imported), 1 (unchanged), -1. */
static int import_rows(importer *im, file_state *fs, FILE *f, uint64_t size, peel_err *err)
{
    peel_csv *csv = peel_csv_open(f, fs->path);
    peel_csv_row row;
    int rc;
    if (!csv)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    rc = peel_csv_next(csv, &row, err);
    if (rc <= 0) {
        peel_csv_close(csv);
        if (rc == 0)
            return peel_err_set(err, PEEL_EINPUT, "line 1: the file is empty");
        return -1;
    }
    fs->kind = peel_crime_kind_of_header(&row);
    if (fs->kind == PEEL_CRIME_UNKNOWN) {
        peel_csv_close(csv);
        return peel_err_set(err, PEEL_EINPUT,
                            "line 1, column 1: not a police.uk header (street, outcomes or "
                            "stop-and-search); a street file begins '%s'",
                            peel_crime_kind_header(PEEL_CRIME_STREET));
    }
    for (;;) {
        peel_err rowerr = PEEL_ERR_INIT;
        rc = peel_csv_next(csv, &row, &rowerr);
        if (rc < 0 && im->rejects && rowerr.code == PEEL_EINPUT) {
            /* --skip-bad: a line the CSV reader cannot read (a stray
             * quote) is rejected like any bad row and reading resumes. */
            uint64_t line;
            peel_csv_row bad = {.fields = NULL, .n = 0};
            int skip = peel_csv_skip_line(csv, &line, err);
            if (skip < 0)
                break;
            bad.line = line;
            if (reject(im, fs, &bad, &rowerr, err) < 0) {
                rc = -1;
                break;
            }
            if (skip == 0) {
                rc = 0;
                break;
            }
            continue;
        }
        if (rc < 0)
            peel_err_set(err, rowerr.code, "%s", rowerr.msg);
        if (rc <= 0)
            break;
        switch (fs->kind) {
        case PEEL_CRIME_STREET:
            rc = street_row(im, fs, &row, &rowerr, err);
            break;
        case PEEL_CRIME_OUTCOMES:
            rc = outcome_row(im, fs, &row, &rowerr, err);
            break;
        default:
            rc = search_row(im, fs, &row, &rowerr, err);
            break;
        }
        if (rc > 0)
            rc = reject(im, fs, &row, &rowerr, err);
        if (rc < 0)
            break;
        im->prog.rows++;
        if ((im->prog.rows & 8191) == 0)
            peel_progress_draw(&im->prog, peel_csv_offset(csv), false);
    }
    peel_csv_close(csv);
    (void)size;
    return rc < 0 ? -1 : 0;
}

static int import_file(importer *im, const char *path, bool last, peel_err *err)
{
    file_state fs = {.path = path, .force_name = PEEL_BUF_INIT};
    struct hash_job job = {.path = path, .err = PEEL_ERR_INIT};
    pthread_t th;
    struct stat sb;
    int rc = -1;
    bool unchanged = false, in_savepoint = false, hashing = false;
    int64_t lsoa_next; /* the LSOAs this file adds get this id or more */
    int known;         /* a current import has this file's name */

    FILE *f = fopen(path, "rb");
    if (!f)
        return peel_err_set(err, PEEL_EIO, "%s: %s", path, strerror(errno));
    if (fstat(fileno(f), &sb) < 0) {
        fclose(f);
        return peel_err_set(err, PEEL_EIO, "%s: %s", path, strerror(errno));
    }
    fs.named = peel_crime_name_month(path, &fs.name_month, fs.slug, sizeof fs.slug);
    /* A file of the name of a current import is most likely the same
     * again (a folder imported each month): its bytes first, and when
     * they are that import's, none of the work of reading it, which
     * would be rolled back.  Any other file is hashed while it is read,
     * and so is one whose import rejected rows: without --skip-bad, the
     * same bytes must stop at the first of them again. */
    const char *base = strrchr(path, '/');
    if ((known = peel_crime_db_file_named(im->db, base ? base + 1 : path, err)) < 0) {
        fclose(f);
        return -1;
    }
    if (known) {
        int64_t same;
        int seen = -1;
        if ((job.rc = peel_crime_sha256_file(path, job.hex, &job.err)) == 0)
            seen = peel_crime_db_file_seen(im->db, job.hex, 0, &same, err);
        else
            peel_err_set(err, job.err.code, "%s", job.err.msg);
        if (seen < 0) {
            fclose(f);
            return -1;
        }
        if (seen > 0) {
            fclose(f);
            unchanged = true;
            goto counted;
        }
    } else if (pthread_create(&th, NULL, hash_thread, &job) != 0) {
        fclose(f);
        return peel_err_set(err, PEEL_EINTERNAL, "cannot start a thread");
    } else {
        hashing = true;
    }
    counts_reset(&im->counts);
    if (peel_crime_db_lsoa_next(im->store, &lsoa_next, err) < 0 ||
        peel_crime_db_savepoint(im->store, err) < 0)
        goto out;
    in_savepoint = true;
    if (import_rows(im, &fs, f, (uint64_t)sb.st_size, err) < 0)
        goto out;
    if (!fs.started) {
        peel_err_set(err, PEEL_EINPUT, "line 2: the file has no rows%s",
                     fs.rejected ? " that could be imported" : "");
        goto out;
    }
    if (fs.kind == PEEL_CRIME_STREET) {
        int64_t chunk;
        if (peel_crime_db_fact_flush(im->db, &chunk, err) < 0 || write_counts(im, &fs, err) < 0)
            goto out;
        if (chunk) {
            if (!fs.first_row)
                fs.first_row = chunk;
            fs.last_row = chunk;
        }
    }
    rc = 0;
out:
    if (hashing)
        pthread_join(th, NULL);
    fclose(f);
    if (rc == 0 && job.rc < 0) {
        peel_err_set(err, job.err.code, "%s", job.err.msg);
        rc = -1;
    }
    if (rc == 0) {
        /* The same bytes as the import this one replaces: change nothing. */
        int64_t same;
        int seen = peel_crime_db_file_seen(im->db, job.hex, fs.replaced, &same, err);
        if (seen < 0)
            rc = -1;
        unchanged = seen > 0;
    }
    if (rc == 0 && unchanged) {
        if (peel_crime_db_savepoint_rollback(im->store, err) < 0)
            rc = -1;
    }
    if (rc == 0 && !unchanged) {
        char at[21];
        peel_clock_format(peel_clock_now(), at);
        peel_crime_file rec = {.kind = fs.kind,
                               .name = path,
                               .sha256 = job.hex,
                               .user = im->o->user ? im->o->user : "",
                               .at = at,
                               .force_id = fs.force_id,
                               .month = fs.month,
                               .rows = fs.rows,
                               .rejected = fs.rejected,
                               .first_row = fs.first_row,
                               .last_row = fs.last_row,
                               .replaces = fs.replaced};
        if (peel_crime_db_file_add(im->db, &rec, err) < 0)
            rc = -1;
    }
    /* The file's LSOAs placed in districts, and a street file's counts
     * summed by district, inside its savepoint: the file is whole or
     * absent. */
    if (rc == 0 && !unchanged &&
        peel_crime_db_refresh_geo(im->store, lsoa_next, fs.month,
                                  fs.kind == PEEL_CRIME_STREET ? fs.force_id : 0, err) < 0)
        rc = -1;
    if (rc == 0)
        rc = peel_crime_db_savepoint_release(im->store, err);
    if (rc < 0) {
        /* This file undone, the batch before it committed; if either
         * fails, the caller rolls the batch back and those files are not
         * imported after all. */
        peel_err ignored = PEEL_ERR_INIT;
        if (!in_savepoint || (peel_crime_db_savepoint_rollback(im->store, &ignored) == 0 &&
                              peel_crime_db_savepoint_release(im->store, &ignored) == 0)) {
            if (im->batch_files && batch_commit(im, &ignored) < 0)
                *im->stats = im->committed;
        } else {
            *im->stats = im->committed;
        }
        if (!strstr(err->msg, path))
            peel_err_prefix(err, "%s", path);
        peel_buf_release(&fs.force_name);
        return -1;
    }
counted:
    im->batch_files++;
    im->stats->files++;
    im->prog.done_bytes += (uint64_t)sb.st_size;
    peel_progress_draw(&im->prog, 0, false); /* at least once a file */
    if (unchanged) {
        im->stats->unchanged++;
    } else {
        im->stats->imported++;
        im->stats->rows += fs.rows;
        im->stats->rejected += fs.rejected;
        if (fs.replaced)
            im->stats->replaced++;
    }
    if (im->o->report) {
        char m[8] = "?";
        if (fs.started)
            peel_month_format(fs.month, m);
        if (unchanged)
            peel_buf_printf(&im->said, "%s: unchanged (already imported)\n", path);
        else
            peel_buf_printf(&im->said, "%s: %s %s, %s, %lld rows%s%s\n", path,
                            peel_crime_kind_name(fs.kind), m, peel_buf_str(&fs.force_name),
                            (long long)fs.rows, fs.replaced ? ", replacing the earlier import" : "",
                            fs.rejected ? ", some rows rejected" : "");
        if (im->said.failed) {
            peel_buf_release(&fs.force_name);
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        }
    }
    peel_buf_release(&fs.force_name);
    if ((last || since_ns(&im->batch_start) >= BATCH_NS) && batch_commit(im, err) < 0) {
        *im->stats = im->committed; /* the caller rolls the batch back */
        return -1;
    }
    return 0;
}

int peel_crime_import(peel_store *s, char *const *paths, size_t npaths,
                      const peel_crime_import_opts *o, peel_crime_import_stats *stats,
                      peel_err *err)
{
    file_list files = {0};
    importer im = {.store = s, .o = o, .stats = stats, .said = PEEL_BUF_INIT};
    int rc = -1;

    memset(stats, 0, sizeof *stats);
    for (size_t i = 0; i < npaths; i++)
        if (walk(&files, paths[i], true, 0, err) < 0)
            goto out;
    if (files.n == 0) {
        peel_err_set(err, PEEL_ENOTFOUND,
                     "no police.uk files (*-street.csv, *-outcomes.csv, *-stop-and-search.csv) "
                     "found");
        goto out;
    }
    qsort(files.v, files.n, sizeof *files.v, cmp_str);
    uint64_t total = 0;
    for (size_t i = 0; i < files.n; i++) {
        struct stat sb;
        if (stat(files.v[i], &sb) == 0)
            total += (uint64_t)sb.st_size;
    }
    stats->bytes = (int64_t)total;
    peel_progress_start(&im.prog, o->progress, total);
    if (o->skip_bad && !(im.rejects = fopen(o->skip_bad, "w"))) {
        peel_err_set(err, PEEL_EIO, "%s: %s", o->skip_bad, strerror(errno));
        goto out;
    }
    if (im.rejects)
        fputs("file,line,reason,fields...\n", im.rejects);
    if (peel_crime_db_open(s, &im.db, err) < 0 || peel_crime_db_bulk(im.db, err) < 0)
        goto out;
    clock_gettime(CLOCK_MONOTONIC, &im.batch_start);
    im.committed = *stats;
    for (size_t i = 0; i < files.n; i++)
        if (import_file(&im, files.v[i], i + 1 == files.n, err) < 0)
            goto out;
    rc = 0;
out:
    peel_progress_end(&im.prog);
    peel_crime_db_close(im.db);
    peel_buf_release(&im.said);
    if (im.rejects && fclose(im.rejects) != 0 && rc == 0)
        rc = peel_err_set(err, PEEL_EIO, "%s: cannot write", o->skip_bad);
    free(im.counts.s);
    list_free(&files);
    return rc;
}
