/* cmd_copy.c - `peel copy --from DB --to DB`: everything one database holds
 * copied into another, empty one (SQLite or PostgreSQL either way), then
 * both sides counted and checksummed and the two compared.
 *
 * Records keep their ids and time stamps (peel_store_put), in an order where
 * every referenced type comes first; the audit trail is added row by row in
 * its own order, so it is numbered as it was and `peel check` finds it
 * whole.  Lifecycle history and attachment metadata follow each record; the
 * attachments' files (each read back against its SHA-256: a file missing or
 * changed stops the copy, naming the paper) go from one store to the other
 * whichever backends keep them; the crime tables are copied row for row
 * through the store (crime_db.h), and the meta notes; the search index is
 * rebuilt on the target rather than copied.  What cannot be copied is
 * named, never dropped in silence: the comparison then fails. */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/hash.h"
#include "model/attach.h"
#include "model/json.h"
#include "model/model.h"
#include "model/search.h"
#include "store/crime_db.h"
#include "store/docs_db.h"
#include "store/lifecycle_db.h"
#include "store/web_db.h"

/* One line of the comparison: a count and a BLAKE2b over the rows' text. */
typedef struct tally {
    int64_t n;
    crypto_generichash_state h;
} tally;

static void tally_init(tally *t)
{
    t->n = 0;
    crypto_generichash_init(&t->h, NULL, 0, 32);
}

static void tally_add(tally *t, const char *s, size_t len)
{
    unsigned char sep = 0x1e;
    crypto_generichash_update(&t->h, (const unsigned char *)s, len);
    crypto_generichash_update(&t->h, &sep, 1);
}

static void tally_str(tally *t, const char *s)
{
    unsigned char nul = 0x1f;
    if (s)
        crypto_generichash_update(&t->h, (const unsigned char *)s, strlen(s));
    else
        crypto_generichash_update(&t->h, &nul, 1);
    tally_add(t, "", 0);
}

static void tally_i64(tally *t, int64_t v)
{
    char b[24];
    snprintf(b, sizeof b, "%lld", (long long)v);
    tally_str(t, b);
}

/* The first 16 hex digits of the hash: enough to see a difference. */
static void tally_hex(tally *t, char out[17])
{
    unsigned char h[32];
    crypto_generichash_final(&t->h, h, sizeof h);
    for (int i = 0; i < 8; i++)
        snprintf(out + 2 * i, 3, "%02x", h[i]);
}

/* What one side holds, line by line. */
#define SUM_MAX 256
typedef struct summary {
    size_t n;
    char name[SUM_MAX][48];
    int64_t count[SUM_MAX];
    char hash[SUM_MAX][17];
} summary;

static void summary_put(summary *s, const char *name, tally *t)
{
    if (s->n >= SUM_MAX)
        return;
    snprintf(s->name[s->n], sizeof s->name[0], "%s", name);
    s->count[s->n] = t->n;
    tally_hex(t, s->hash[s->n]);
    s->n++;
}

/* The declared types, each after the types it refers to. */
static int types_in_order(const peel_type **out, size_t *nout, peel_err *err)
{
    size_t n, done = 0;
    const peel_type *const *types = peel_types(&n);
    bool *placed = calloc(n ? n : 1, sizeof *placed);

    if (!placed)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    while (done < n) {
        size_t before = done;
        for (size_t i = 0; i < n; i++) {
            bool ready = !placed[i];
            for (size_t f = 0; ready && f < types[i]->nfields; f++) {
                const char *ref = types[i]->fields[f].ref_type;
                if (!ref || !strcmp(ref, types[i]->name))
                    continue;
                for (size_t j = 0; j < n; j++)
                    if (!strcmp(types[j]->name, ref) && !placed[j])
                        ready = false;
            }
            if (ready) {
                placed[i] = true;
                out[done++] = types[i];
            }
        }
        if (done == before) {
            free(placed);
            return peel_err_set(err, PEEL_EINTERNAL,
                                "the record types refer to each other in a"
                                " circle: no order to copy them in");
        }
    }
    free(placed);
    *nout = n;
    return 0;
}

/* ---- the summary of one side ---- */

typedef struct sum_ctx {
    peel_store *s;
    tally *t, *life, *att, *totp;
    peel_buf line;
} sum_ctx;

static int sum_transition(void *ctx, const peel_transition *tr, peel_err *err)
{
    tally *t = ctx;
    char day[16];
    (void)err;
    peel_date_format(tr->date, day);
    t->n++;
    tally_str(t, tr->type);
    tally_i64(t, tr->record_id);
    tally_str(t, tr->from);
    tally_str(t, tr->to);
    tally_str(t, day);
    tally_str(t, tr->note);
    tally_str(t, tr->evidence);
    tally_str(t, tr->source);
    tally_str(t, tr->user);
    tally_str(t, tr->at);
    return 0;
}

static int sum_attachment(void *ctx, const peel_attachment *a, peel_err *err)
{
    tally *t = ctx;
    (void)err;
    t->n++;
    tally_str(t, a->type);
    tally_i64(t, a->record_id);
    tally_str(t, a->sha256);
    tally_i64(t, a->size);
    tally_str(t, a->format);
    tally_str(t, a->title);
    tally_str(t, a->kind);
    tally_str(t, a->date);
    tally_str(t, a->filename);
    tally_str(t, a->added_at);
    tally_str(t, a->added_by);
    return 0;
}

static int sum_record(void *ctx, const peel_record *r, peel_err *err)
{
    sum_ctx *c = ctx;
    peel_buf_reset(&c->line);
    peel_buf_printf(&c->line, "%lld %s %s ", (long long)r->id, r->created_at, r->updated_at);
    if (peel_json_write_record_for(r, true, true, &c->line) < 0 || c->line.failed)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    c->t->n++;
    tally_add(c->t, c->line.data, c->line.len);
    if (!strcmp(r->type->name, "user")) {
        unsigned char secret[128];
        size_t len = sizeof secret;
        int64_t step;
        int on = peel_webdb_totp_get(c->s, r->id, secret, &len, &step, err);
        if (on < 0)
            return -1;
        if (on) {
            c->totp->n++;
            tally_i64(c->totp, r->id);
            tally_add(c->totp, (const char *)secret, len);
            tally_i64(c->totp, step);
        }
    }
    if (peel_lcdb_list(c->s, r->type->name, r->id, sum_transition, c->life, err) < 0 ||
        peel_docs_attachment_list(c->s, r->type->name, r->id, sum_attachment, c->att, err) < 0)
        return -1;
    return 0;
}

static int sum_meta(void *ctx, const char *key, const char *value, peel_err *err)
{
    tally *t = ctx;
    (void)err;
    t->n++;
    tally_str(t, key);
    tally_str(t, value);
    return 0;
}

static int sum_audit(void *ctx, const peel_audit *a, peel_err *err)
{
    tally *t = ctx;
    (void)err;
    t->n++;
    tally_str(t, a->type);
    tally_i64(t, a->record_id);
    tally_str(t, a->at);
    tally_str(t, a->user);
    tally_str(t, a->action);
    tally_str(t, a->field);
    tally_str(t, a->old_value);
    tally_str(t, a->new_value);
    return 0;
}

/* The crime tables' rows: a tally per table, in peel_crime_db_rows's order. */
typedef struct crime_sums {
    summary *out;
    char table[48];
    tally t;
} crime_sums;

static int sum_crime_row(void *ctx, const char *table, size_t ncols, const char *const *cells,
                         peel_err *err)
{
    crime_sums *c = ctx;
    (void)err;
    if (strcmp(c->table, table)) {
        if (*c->table)
            summary_put(c->out, c->table, &c->t);
        snprintf(c->table, sizeof c->table, "%s", table);
        tally_init(&c->t);
    }
    c->t.n++;
    for (size_t i = 0; i < ncols; i++)
        tally_str(&c->t, cells[i]);
    return 0;
}

static int cmp_hex(const void *a, const void *b)
{
    return strcmp(a, b);
}

static int note_sha(void *ctx, const peel_attachment *a, peel_err *err)
{
    return peel_hash_put(ctx, a->sha256, strlen(a->sha256), 0) < 0
               ? peel_err_set(err, PEEL_ENOMEM, "out of memory")
               : 0;
}

/* The files the attachments hold, each once, in SHA-256 order (the two
 * sides number their attachments differently): each name, the SHA-256 of
 * the bytes kept under it, and their length; "none" for none. */
static int sum_files(peel_store *s, tally *t, peel_err *err)
{
    peel_hash seen;
    peel_buf bytes;
    char(*names)[65] = NULL;
    size_t n = 0, pos = 0, len;
    const char *key;
    int rc = -1;

    peel_hash_init(&seen);
    peel_buf_init(&bytes, PEEL_BUF_DEFAULT_MAX);
    if (peel_docs_attachment_list(s, NULL, 0, note_sha, &seen, err) < 0)
        goto out;
    if (!(names = calloc(seen.n ? seen.n : 1, sizeof *names))) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        goto out;
    }
    while (peel_hash_next(&seen, &pos, &key, &len, NULL))
        snprintf(names[n++], sizeof names[0], "%.*s", (int)len, key);
    qsort(names, n, sizeof names[0], cmp_hex);
    for (size_t i = 0; i < n; i++) {
        char hex[65];
        int found = peel_docs_file_get(s, names[i], &bytes, err);
        if (found < 0)
            goto out;
        t->n++;
        tally_str(t, names[i]);
        if (!found) {
            tally_str(t, "none");
            continue;
        }
        peel_attach_sha256_hex(bytes.data ? bytes.data : "", bytes.len, hex);
        tally_str(t, hex);
        tally_i64(t, (int64_t)bytes.len);
    }
    rc = 0;
out:
    free(names);
    peel_buf_release(&bytes);
    peel_hash_release(&seen);
    return rc;
}

/* Counts and checksums of everything the copy carries, in a fixed order. */
static int summarise(peel_store *s, const peel_type **types, size_t ntypes, summary *out,
                     peel_err *err)
{
    tally life, att, totp, t;
    sum_ctx c = {.s = s, .life = &life, .att = &att, .totp = &totp, .line = PEEL_BUF_INIT};
    int rc = -1;

    out->n = 0;
    tally_init(&life);
    tally_init(&att);
    tally_init(&totp);
    for (size_t i = 0; i < ntypes; i++) {
        peel_query q = {.type = types[i]};
        tally_init(&t);
        c.t = &t;
        if (peel_store_select(s, &q, sum_record, &c, err) < 0)
            goto out;
        summary_put(out, types[i]->name, &t);
    }
    summary_put(out, "(lifecycle history)", &life);
    summary_put(out, "(attachments)", &att);
    tally_init(&t);
    if (sum_files(s, &t, err) < 0)
        goto out;
    summary_put(out, "(attachment files)", &t);
    summary_put(out, "(second factors)", &totp);
    tally_init(&t);
    if (peel_store_audit_each(s, sum_audit, &t, err) < 0)
        goto out;
    summary_put(out, "(audit trail)", &t);
    tally_init(&t);
    if (peel_store_meta_each(s, sum_meta, &t, err) < 0)
        goto out;
    summary_put(out, "(meta)", &t);
    {
        crime_sums cs = {.out = out};
        if (peel_crime_db_rows(s, sum_crime_row, &cs, err) < 0)
            goto out;
        if (*cs.table)
            summary_put(out, cs.table, &cs.t);
    }
    rc = 0;
out:
    peel_buf_release(&c.line);
    return rc;
}

/* ---- the copy ---- */

typedef struct copy_ctx {
    peel_store *from, *to;
    int64_t transitions, attachments, tokens;
    /* Records of the type being copied that refer to one of the same type
     * not yet copied (a larger id): put once it is, in a later pass. */
    int64_t *later, last;
    size_t nlater, caplater;
} copy_ctx;

static int copy_transition(void *ctx, const peel_transition *tr, peel_err *err)
{
    copy_ctx *c = ctx;
    int64_t id;
    c->transitions++;
    return peel_lcdb_add(c->to, tr, &id, err);
}

static int copy_attachment(void *ctx, const peel_attachment *a, peel_err *err)
{
    copy_ctx *c = ctx;
    peel_attachment b = *a;
    c->attachments++;
    return peel_docs_attachment_add(c->to, &b, err);
}

/* Whether r refers to a record of its own type with a larger id than the
 * last copied in id order, or one held back (then not yet on the target). */
static bool refers_ahead(const copy_ctx *c, const peel_record *r)
{
    for (size_t f = 0; f < r->type->nfields; f++) {
        const peel_field *fd = &r->type->fields[f];
        int64_t to = r->v[f].i;
        if (fd->type != PEEL_F_REF || !r->v[f].set || strcmp(fd->ref_type, r->type->name))
            continue;
        if (to >= r->id && to > c->last)
            return true;
        for (size_t i = 0; i < c->nlater; i++)
            if (c->later[i] == to)
                return true;
    }
    return false;
}

/* A user's second factor goes along (its secret and last step used); API
 * tokens are kept only as hashes no one can list, so they are counted. */
static int copy_account(copy_ctx *c, const peel_record *r, peel_err *err)
{
    unsigned char secret[128];
    size_t len = sizeof secret;
    int64_t step, tokens;
    int on = peel_webdb_totp_get(c->from, r->id, secret, &len, &step, err);

    if (on < 0 || peel_webdb_token_count(c->from, r->id, &tokens, err) < 0)
        return -1;
    c->tokens += tokens;
    if (!on)
        return 0;
    if (peel_webdb_totp_set(c->to, r->id, secret, len, peel_clock_now(), err) < 0)
        return -1;
    sodium_memzero(secret, sizeof secret);
    return step > 0 && peel_webdb_totp_use(c->to, r->id, step, err) < 0 ? -1 : 0;
}

static int copy_one(copy_ctx *c, const peel_record *r, peel_err *err)
{
    if (peel_store_put(c->to, r, err) < 0 ||
        peel_lcdb_list(c->from, r->type->name, r->id, copy_transition, c, err) < 0 ||
        peel_docs_attachment_list(c->from, r->type->name, r->id, copy_attachment, c, err) < 0)
        return -1;
    return strcmp(r->type->name, "user") ? 0 : copy_account(c, r, err);
}

static int copy_record(void *ctx, const peel_record *r, peel_err *err)
{
    copy_ctx *c = ctx;
    if (refers_ahead(c, r)) {
        if (c->nlater == c->caplater) {
            size_t cap = c->caplater ? 2 * c->caplater : 16;
            int64_t *v = realloc(c->later, cap * sizeof *v);
            if (!v)
                return peel_err_set(err, PEEL_ENOMEM, "out of memory");
            c->later = v;
            c->caplater = cap;
        }
        c->later[c->nlater++] = r->id;
        return 0;
    }
    c->last = r->id;
    return copy_one(c, r, err);
}

/* The records held back, each put once what it refers to is there. */
static int copy_later(copy_ctx *c, const peel_type *t, peel_err *err)
{
    c->last = INT64_MAX;
    while (c->nlater) {
        size_t before = c->nlater;
        for (size_t i = 0; i < c->nlater; i++) {
            peel_record *r = NULL;
            int rc;
            if (peel_store_get(c->from, t, c->later[i], &r, err) < 0)
                return -1;
            int64_t id = c->later[i];
            c->later[i] = 0; /* not held back from itself */
            if (refers_ahead(c, r)) {
                c->later[i] = id;
                peel_record_free(r);
                continue;
            }
            rc = copy_one(c, r, err);
            peel_record_free(r);
            if (rc < 0)
                return -1;
            c->later[i--] = c->later[--c->nlater];
        }
        if (c->nlater == before)
            return peel_err_set(err, PEEL_EINTERNAL,
                                "%s refer to each other in a circle (id %lld): no order to copy"
                                " them in",
                                t->plural, (long long)c->later[0]);
    }
    return 0;
}

static int copy_meta(void *ctx, const char *key, const char *value, peel_err *err)
{
    return peel_store_meta_set(ctx, key, value, err);
}

static int copy_audit(void *ctx, const peel_audit *a, peel_err *err)
{
    return peel_store_audit_add(ctx, a, err);
}

static int count_any(void *ctx, const peel_audit *a, peel_err *err)
{
    (void)a;
    (void)err;
    ++*(int64_t *)ctx;
    return 1;
}

static int count_file(void *ctx, const peel_crime_file_row *f, peel_err *err)
{
    (void)f;
    (void)err;
    ++*(int64_t *)ctx;
    return 0;
}

/* The target holds nothing: no record, no audit row, no crime file. */
static int require_empty(peel_store *s, const char *name, const peel_type **types, size_t ntypes,
                         peel_err *err)
{
    int64_t n = 0;
    for (size_t i = 0; i < ntypes; i++) {
        peel_query q = {.type = types[i]};
        if (peel_store_count(s, &q, &n, err) < 0)
            return -1;
        if (n)
            return peel_err_set(err, PEEL_EINPUT,
                                "%s is not empty (%lld %s): copy only into a new database", name,
                                (long long)n, types[i]->plural);
    }
    if (peel_store_audit_each(s, count_any, &n, err) < 0 ||
        peel_crime_db_files(s, count_file, &n, err) < 0)
        return -1;
    if (n)
        return peel_err_set(err, PEEL_EINPUT,
                            "%s is not empty (it has an audit trail or crime data): copy only"
                            " into a new database",
                            name);
    return 0;
}

int peel_cli_copy(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const char *from = NULL, *to = NULL;
    const peel_opt opts[] = {
        PEEL_OPTION("--from", PEEL_OPT_STRING, &from, "the database to copy"),
        PEEL_OPTION("--to", PEEL_OPT_STRING, &to, "the new database to copy it into"),
        PEEL_OPTION_END,
    };
    const peel_type **types = NULL;
    size_t ntypes = 0;
    peel_store *src = NULL, *dst = NULL;
    summary *a = NULL, *b = NULL;
    copy_ctx c = {0};
    int64_t records, papers, files = 0, crime_rows = 0;
    bool in_src = false, in_dst = false;
    int differ = 0, rc = -1;

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (!from || !to)
        return peel_err_set(err, PEEL_EINPUT, "usage: peel copy --from DB --to DB");
    if (!strcmp(from, to))
        return peel_err_set(err, PEEL_EINPUT, "--from and --to name the same database");
    {
        size_t n;
        peel_types(&n);
        if (!(types = calloc(n ? n : 1, sizeof *types)))
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    }
    a = calloc(1, sizeof *a);
    b = calloc(1, sizeof *b);
    if (!a || !b) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        goto out;
    }
    if (types_in_order(types, &ntypes, err) < 0)
        goto out;
    if (peel_store_open(from, false, &src, err) < 0 || peel_store_require_current(src, err) < 0)
        goto out;
    if (peel_store_open(to, true, &dst, err) < 0)
        goto out;
    /* The target is initialised here when it is new; then it must be empty. */
    if (peel_store_begin(dst, err) < 0)
        goto out;
    in_dst = true;
    if (peel_store_migrate(dst, false, err) < 0 || require_empty(dst, to, types, ntypes, err) < 0)
        goto out;
    if (peel_store_begin(src, err) < 0)
        goto out;
    in_src = true;

    c.from = src;
    c.to = dst;
    for (size_t i = 0; i < ntypes; i++) {
        peel_query q = {.type = types[i]};
        c.last = 0;
        if (peel_store_select(src, &q, copy_record, &c, err) < 0 ||
            copy_later(&c, types[i], err) < 0) {
            peel_err_prefix(err, "copying %s", types[i]->plural);
            goto out;
        }
    }
    if (peel_store_audit_each(src, copy_audit, dst, err) < 0) {
        peel_err_prefix(err, "copying the audit trail");
        goto out;
    }
    if (peel_crime_db_copy(src, dst, &crime_rows, err) < 0)
        goto out;
    if (peel_store_meta_each(src, copy_meta, dst, err) < 0)
        goto out;
    /* The files before the index, which reads the PDFs' text from them. */
    if (peel_attach_copy_files(src, dst, &files, err) < 0) {
        peel_err_prefix(err, "copying the attachments' files");
        goto out;
    }
    if (peel_search_reindex(dst, &records, &papers, err) < 0 ||
        peel_store_meta_set(dst, "search_index", "1", err) < 0)
        goto out;
    if (summarise(src, types, ntypes, a, err) < 0)
        goto out;
    if (peel_store_commit(dst, err) < 0)
        goto out;
    in_dst = false;
    if (peel_store_analyze(dst, err) < 0)
        goto out;
    if (peel_store_begin(dst, err) < 0)
        goto out;
    in_dst = true;
    if (summarise(dst, types, ntypes, b, err) < 0)
        goto out;
    peel_store_rollback(dst);
    in_dst = false;

    if (c.tokens)
        fprintf(stderr,
                "peel copy: %lld API token%s not copied (kept only as hashes): make new ones"
                " on the copy\n",
                (long long)c.tokens, c.tokens == 1 ? "" : "s");
    peel_table *t = peel_table_new();
    if (!t) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        goto out;
    }
    peel_table_header(t, "what");
    peel_table_header(t, "from");
    peel_table_header(t, "to");
    peel_table_header(t, "from blake2b");
    peel_table_header(t, "to blake2b");
    peel_table_header(t, "");
    peel_table_align_right(t, 1);
    peel_table_align_right(t, 2);
    for (size_t i = 0; i < a->n; i++) {
        bool same = i < b->n && a->count[i] == b->count[i] && !strcmp(a->hash[i], b->hash[i]);
        differ += !same;
        peel_table_row_begin(t);
        peel_table_cell(t, a->name[i]);
        peel_table_cellf(t, "%lld", (long long)a->count[i]);
        peel_table_cellf(t, "%lld", (long long)(i < b->n ? b->count[i] : 0));
        peel_table_cell(t, a->hash[i]);
        peel_table_cell(t, i < b->n ? b->hash[i] : "");
        peel_table_cell(t, same ? "same" : "DIFFERS");
    }
    if (!cli->quiet)
        peel_table_print(t, stdout);
    peel_table_free(t);
    if (!cli->quiet)
        fprintf(stderr,
                "copied %s to %s: %lld crime rows; %lld paper file%s; search index rebuilt"
                " (%lld records, %lld papers)\n",
                from, to, (long long)crime_rows, (long long)files, files == 1 ? "" : "s",
                (long long)records, (long long)papers);
    if (differ) {
        peel_err_set(err, PEEL_EDB, "%d of %zu lines differ between %s and %s", differ, a->n, from,
                     to);
        goto out;
    }
    rc = 0;
out:
    if (in_src)
        peel_store_rollback(src);
    if (in_dst)
        peel_store_rollback(dst);
    if (src)
        peel_store_close(src);
    if (dst)
        peel_store_close(dst);
    free(c.later);
    free(types);
    free(a);
    free(b);
    return rc;
}
