/* store.c - store.h as a dispatcher over the backends of backend.h.
 *
 * peel_store_open chooses the backend from the database's name; every other
 * function checks what is the same whatever the backend (savepoint names, a
 * grouping's fields) and calls through the store's table of operations.
 *
 * Migrations are ordered here, so every backend applies them alike: the
 * core tables' numbered migrations (1-99), then the declared types' tables
 * (created or extended from the declarations), then each module's numbered
 * migrations in a fixed order -- crime (100-199), web (200-299), the
 * lifecycle history (400-449), then the attachments and the search index
 * (500-599) -- after the declared tables because theirs refer to them.  A
 * migration is
 * recorded by version when applied, and one recorded is never run again, so
 * a database made before this order was written down migrates as it did.
 */
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "model/model.h"
#include "store/backend.h"
#include "store/crime_ops.h"

static const peel_store_backend *const backends[] = {
    &peel_store_sqlite_backend,
    &peel_store_pg_backend,
};

static const peel_store_ops *ops(peel_store *s)
{
    return s->backend->ops;
}

void peel_store_single_thread(void)
{
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
        if (backends[i]->single_thread)
            backends[i]->single_thread();
}

/* The backend a name asks for; *target is what its open is given: a path
 * for SQLite (the name without its scheme), the whole URI for PostgreSQL. */
static const peel_store_backend *choose(const char *name, const char **target, peel_err *err)
{
    static const char *const postgres[] = {"postgresql://", "postgres://"};

    (void)err;
    for (size_t i = 0; i < sizeof postgres / sizeof postgres[0]; i++)
        if (strncmp(name, postgres[i], strlen(postgres[i])) == 0) {
            *target = name;
            return &peel_store_pg_backend;
        }
    *target = name;
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
        size_t n = strlen(backends[i]->name);
        if (strncmp(name, backends[i]->name, n) == 0 && name[n] == ':') {
            *target = name + n + 1;
            return backends[i];
        }
    }
    return &peel_store_sqlite_backend; /* a plain path */
}

/* The database's name for messages: a URI's password (between the
 * user's ':' and the '@') is masked. */
static void name_for_messages(const char *target, char *out, size_t outsz)
{
    const char *scheme = strstr(target, "://");
    const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *colon = at ? memchr(scheme + 3, ':', (size_t)(at - (scheme + 3))) : NULL;

    if (!colon) {
        snprintf(out, outsz, "%s", target);
        return;
    }
    snprintf(out, outsz, "%.*s:***%s", (int)(colon - target), target, at);
}

/* Whether a backend's record operations are whole: a backend still being
 * written is refused by name rather than called through an empty slot.  Its
 * other tables may have empty slots, each refused when called
 * (peel_store_can). */
static bool complete(const peel_store_backend *b)
{
    const peel_store_ops *o = b->ops;
    const bool slots[] = {
        o->open,
        o->close,
        o->begin,
        o->commit,
        o->rollback,
        o->savepoint,
        o->savepoint_release,
        o->savepoint_rollback,
        o->migrations_ready,
        o->migration_applied,
        o->migration_apply,
        o->migrate_type,
        o->insert,
        o->update,
        o->delete,
        o->get,
        o->find,
        o->select,
        o->count,
        o->count_by,
        o->audit_add,
        o->audit_list,
        o->audit_recent,
        o->audit_forget,
        o->audit_each,
        o->put,
        o->backup,
        o->checkpoint,
        o->check,
        o->changes_each,
        o->meta_get,
        o->meta_set,
        o->meta_each,
    };

    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++)
        if (!slots[i])
            return false;
    return b->crime && b->web && b->lifecycle && b->docs;
}

int peel_store_can(const peel_store *s, bool filled, const char *what, peel_err *err)
{
    if (filled)
        return 0;
    return peel_err_set(err, PEEL_EINPUT,
                        "database '%s': this peel's %s backend cannot yet do %s (use SQLite: "
                        "give a file path)",
                        s->path, s->backend->name, what);
}

int peel_store_open(const char *name, bool create, peel_store **out, peel_err *err)
{
    const char *target;
    const peel_store_backend *b = choose(name, &target, err);

    if (!b)
        return -1;
    if (!complete(b))
        return peel_err_set(err, PEEL_EINPUT,
                            "database: this peel's %s backend is not complete yet (use SQLite: "
                            "give a file path)",
                            b->name);
    if (!*target)
        return peel_err_set(err, PEEL_EINPUT, "database '%s': no file named", name);
    if (b->ops->open(target, create, out, err) < 0)
        return -1;
    (*out)->backend = b;
    name_for_messages(target, (*out)->path, sizeof(*out)->path);
    return 0;
}

void peel_store_close(peel_store *s)
{
    if (s)
        ops(s)->close(s);
}

bool peel_store_read_only(const peel_store *s)
{
    return s->read_only;
}

int peel_store_begin(peel_store *s, peel_err *err)
{
    return ops(s)->begin(s, err);
}

int peel_store_commit(peel_store *s, peel_err *err)
{
    return ops(s)->commit(s, err);
}

void peel_store_rollback(peel_store *s)
{
    ops(s)->rollback(s);
}

/* A savepoint's name is written into the statement, so it must be an
 * identifier: the names are the program's own, never input. */
static int savepoint_name(const char *name, peel_err *err)
{
    size_t n = name ? strlen(name) : 0;
    bool ok = n > 0 && n < 64 && !(name[0] >= '0' && name[0] <= '9');

    for (size_t i = 0; ok && i < n; i++) {
        char c = name[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    if (!ok)
        return peel_err_set(err, PEEL_EINTERNAL, "savepoint name '%s' is not an identifier",
                            name ? name : "(none)");
    return 0;
}

int peel_store_savepoint(peel_store *s, const char *name, peel_err *err)
{
    if (savepoint_name(name, err) < 0)
        return -1;
    return ops(s)->savepoint(s, name, err);
}

int peel_store_savepoint_release(peel_store *s, const char *name, peel_err *err)
{
    if (savepoint_name(name, err) < 0)
        return -1;
    return ops(s)->savepoint_release(s, name, err);
}

int peel_store_savepoint_rollback(peel_store *s, const char *name, peel_err *err)
{
    if (savepoint_name(name, err) < 0)
        return -1;
    return ops(s)->savepoint_rollback(s, name, err);
}

/* ---- migrations ---- */

static int apply_numbered(peel_store *s, const peel_migration *m, bool have_table, bool dry_run,
                          int *changes, peel_err *err)
{
    for (; m && m->name; m++) {
        int done = have_table ? ops(s)->migration_applied(s, m->version, err) : 0;
        if (done < 0)
            return -1;
        if (done)
            continue;
        (*changes)++;
        if (dry_run)
            continue;
        peel_log_info("applying migration %d: %s", m->version, m->name);
        if (ops(s)->migration_apply(s, m, err) < 0) {
            peel_err_prefix(err, "migration %d (%s)", m->version, m->name);
            return -1;
        }
    }
    return 0;
}

int peel_store_migrate(peel_store *s, bool dry_run, peel_err *err)
{
    const peel_store_backend *b = s->backend;
    /* The modules' numbered migrations, in the order they are applied. */
    const peel_migration *const modules[] = {
        b->crime ? b->crime->migrations : NULL,
        b->web ? b->web->migrations : NULL,
        b->lifecycle ? b->lifecycle->migrations : NULL,
        b->docs ? b->docs->migrations : NULL,
    };
    size_t n;
    const peel_type *const *types = peel_types(&n);
    int changes = 0;
    bool have_table;

    if (ops(s)->migrations_ready(s, dry_run, &have_table, err) < 0)
        return -1;
    if (apply_numbered(s, ops(s)->migrations, have_table, dry_run, &changes, err) < 0)
        return -1;
    if (dry_run && changes)
        return changes;
    for (size_t i = 0; i < n; i++) {
        int c = ops(s)->migrate_type(s, types[i], dry_run, err);
        if (c < 0)
            return -1;
        changes += c;
    }
    for (size_t i = 0; i < sizeof modules / sizeof modules[0]; i++)
        if (apply_numbered(s, modules[i], have_table, dry_run, &changes, err) < 0)
            return -1;
    return changes;
}

int peel_store_ensure_type(peel_store *s, const peel_type *t, peel_err *err)
{
    int changes = 0;
    bool have_table;
    if (ops(s)->migrations_ready(s, false, &have_table, err) < 0 ||
        apply_numbered(s, ops(s)->migrations, have_table, false, &changes, err) < 0)
        return -1;
    return ops(s)->migrate_type(s, t, false, err) < 0 ? -1 : 0;
}

int peel_store_require_current(peel_store *s, peel_err *err)
{
    int pending = peel_store_migrate(s, true, err);
    if (pending < 0)
        return -1;
    if (pending > 0)
        return peel_err_set(err, PEEL_EINPUT,
                            "the database '%s' needs %d schema change%s: run 'peel init'", s->path,
                            pending, pending == 1 ? "" : "s");
    return 0;
}

/* ---- records ---- */

int peel_store_insert(peel_store *s, peel_record *r, peel_err *err)
{
    return ops(s)->insert(s, r, err);
}

int peel_store_put(peel_store *s, const peel_record *r, peel_err *err)
{
    return ops(s)->put(s, r, err);
}

int peel_store_update(peel_store *s, peel_record *r, peel_err *err)
{
    return ops(s)->update(s, r, err);
}

int peel_store_delete(peel_store *s, const peel_type *t, int64_t id, peel_err *err)
{
    return ops(s)->delete (s, t, id, err);
}

/* ---- what a piece of work read (store.h) ---- */

bool peel_reads_has(const peel_reads *t, const char *group)
{
    if (t->all)
        return true;
    for (size_t i = 0; i < t->n; i++)
        if (t->group[i] == group || !strcmp(t->group[i], group))
            return true;
    return false;
}

void peel_reads_add(peel_reads *t, const char *group)
{
    if (!group || peel_reads_has(t, group))
        return;
    if (t->n == PEEL_READS_MAX)
        t->all = true;
    else
        t->group[t->n++] = group;
}

void peel_reads_merge(peel_reads *into, const peel_reads *from)
{
    into->all |= from->all;
    for (size_t i = 0; i < from->n; i++)
        peel_reads_add(into, from->group[i]);
}

peel_reads *peel_store_trace(peel_store *s, peel_reads *t)
{
    peel_reads *was = s->trace;
    s->trace = t;
    return was;
}

void peel_store_mark(peel_store *s, const char *group)
{
    if (s->trace)
        peel_reads_add(s->trace, group);
}

static void mark_type(peel_store *s, const peel_type *t)
{
    if (s->trace)
        peel_reads_add(s->trace, peel_store_change_group(t->name));
}

int peel_store_get(peel_store *s, const peel_type *t, int64_t id, peel_record **out, peel_err *err)
{
    mark_type(s, t);
    return ops(s)->get(s, t, id, out, err);
}

int peel_store_find(peel_store *s, const peel_type *t, const peel_field *f, const peel_value *v,
                    int64_t *id, peel_err *err)
{
    mark_type(s, t);
    return ops(s)->find(s, t, f, v, id, err);
}

int peel_store_select(peel_store *s, const peel_query *q, peel_record_cb cb, void *ctx,
                      peel_err *err)
{
    mark_type(s, q->type);
    return ops(s)->select(s, q, cb, ctx, err);
}

int peel_store_count(peel_store *s, const peel_query *q, int64_t *n, peel_err *err)
{
    mark_type(s, q->type);
    return ops(s)->count(s, q, n, err);
}

static bool field_of(const peel_type *t, const peel_field *f)
{
    for (size_t i = 0; i < t->nfields; i++)
        if (&t->fields[i] == f)
            return true;
    return false;
}

int peel_store_count_by(peel_store *s, const peel_query *q, const peel_grouping *g,
                        peel_group_cb cb, void *ctx, peel_err *err)
{
    const peel_type *t = q->type;

    if (g->nfields < 1 || g->nfields > PEEL_GROUP_MAX)
        return peel_err_set(err, PEEL_EINTERNAL, "%s: a count by %zu fields (1 to %d)", t->name,
                            g->nfields, PEEL_GROUP_MAX);
    for (size_t i = 0; i < g->nfields; i++) {
        const peel_field *f = g->fields[i];
        if (!f || !field_of(t, f))
            return peel_err_set(err, PEEL_EINTERNAL, "%s: group field %zu is not one of its own",
                                t->name, i + 1);
        if (f->type == PEEL_F_POINT)
            return peel_err_set(err, PEEL_EINTERNAL, "%s: cannot count by %s, a map point", t->name,
                                f->name);
    }
    if (g->sum &&
        (!field_of(t, g->sum) || (g->sum->type != PEEL_F_INT && g->sum->type != PEEL_F_MONEY)))
        return peel_err_set(err, PEEL_EINTERNAL,
                            "%s: the sum is not of an integer or money field of its own", t->name);
    mark_type(s, t);
    return ops(s)->count_by(s, q, g, cb, ctx, err);
}

/* ---- audit and meta ---- */

int peel_store_audit_add(peel_store *s, const peel_audit *a, peel_err *err)
{
    return ops(s)->audit_add(s, a, err);
}

int peel_store_audit_list(peel_store *s, const char *type, int64_t id, peel_audit_cb cb, void *ctx,
                          peel_err *err)
{
    peel_store_mark(s, PEEL_CHANGES_AUDIT);
    return ops(s)->audit_list(s, type, id, cb, ctx, err);
}

int peel_store_audit_each(peel_store *s, peel_audit_cb cb, void *ctx, peel_err *err)
{
    peel_store_mark(s, PEEL_CHANGES_AUDIT);
    return ops(s)->audit_each(s, cb, ctx, err);
}

int peel_store_audit_forget(peel_store *s, const char *type, int64_t id, const char *field,
                            peel_err *err)
{
    return ops(s)->audit_forget(s, type, id, field, err);
}

int peel_store_audit_recent(peel_store *s, int limit, peel_audit_cb cb, void *ctx, peel_err *err)
{
    peel_store_mark(s, PEEL_CHANGES_AUDIT);
    return ops(s)->audit_recent(s, limit, cb, ctx, err);
}

int peel_store_checkpoint(peel_store *s, bool *complete, peel_err *err)
{
    return ops(s)->checkpoint(s, complete, err);
}

int peel_store_analyze(peel_store *s, peel_err *err)
{
    return ops(s)->analyze ? ops(s)->analyze(s, err) : 0;
}

/* Which group a table's writes count in (store.h).  The backends decide
 * with this, SQLite by its update hook and PostgreSQL by a trigger on
 * every table (pg/conn.c), whose SQL says the same: keep them alike. */
const char *peel_store_change_group(const char *table)
{
    static const char *const papers[] = {"attachment", "attachment_file", "peel_search", NULL};
    static const char *const lifecycle[] = {"peel_transition", "action_update", NULL};

    if (!strncmp(table, "web_", 4) || !strcmp(table, "peel_change_count") ||
        !strcmp(table, "peel_change_counts"))
        return NULL;
    if (!strncmp(table, "crime_", 6))
        return PEEL_CHANGES_CRIME;
    /* the search index's own tables: search_fts and its shadow tables */
    if (!strncmp(table, "search_fts", 10))
        return PEEL_CHANGES_PAPERS;
    for (size_t i = 0; papers[i]; i++)
        if (!strcmp(table, papers[i]))
            return PEEL_CHANGES_PAPERS;
    for (size_t i = 0; lifecycle[i]; i++)
        if (!strcmp(table, lifecycle[i]))
            return PEEL_CHANGES_LIFECYCLE;
    if (!strcmp(table, "peel_audit"))
        return PEEL_CHANGES_AUDIT;
    return table;
}

int peel_store_changes_each(peel_store *s, peel_changes_cb cb, void *ctx, peel_err *err)
{
    return ops(s)->changes_each(s, cb, ctx, err);
}

static int add_count(void *ctx, const char *group, uint64_t n, peel_err *err)
{
    (void)group;
    (void)err;
    *(uint64_t *)ctx += n;
    return 0;
}

int peel_store_changes(peel_store *s, uint64_t *out, peel_err *err)
{
    *out = 0;
    return ops(s)->changes_each(s, add_count, out, err);
}

int peel_store_check(peel_store *s, peel_check_cb cb, void *ctx, peel_err *err)
{
    const peel_crime_db_ops *crime = peel_store_crime_ops(s);
    int64_t missing = 0, extra = 0;
    char detail[200];

    bool have_table = false;
    int indexed = 0, summed = 0;
    int64_t wrong = 0;

    if (ops(s)->check(s, cb, ctx, err) < 0)
        return -1;
    if (!crime->pairs_check)
        return 0;
    /* only a database whose crime tables have the index (migration 105) */
    if (ops(s)->migrations_ready(s, true, &have_table, err) < 0 ||
        (have_table && (indexed = ops(s)->migration_applied(s, 105, err)) < 0))
        return -1;
    if (!indexed)
        return 0;
    if (crime->pairs_check(s, &missing, &extra, err) < 0)
        return -1;
    if (!missing && !extra) {
        if (cb(ctx, "crime index", true, "every force's LSOAs with counts are listed", err) < 0)
            return -1;
    } else {
        snprintf(detail, sizeof detail,
                 "%lld (force, LSOA) pair%s with counts not listed, %lld listed without counts: "
                 "a force's figures would miss or misread them",
                 (long long)missing, missing == 1 ? "" : "s", (long long)extra);
        if (cb(ctx, "crime index", false, detail, err) < 0)
            return -1;
    }
    /* only where the backend keeps the sums, and has made them (migration 106) */
    if (!crime->sums_check || (summed = ops(s)->migration_applied(s, 106, err)) <= 0)
        return summed < 0 ? -1 : 0;
    if (crime->sums_check(s, &wrong, err) < 0)
        return -1;
    if (!wrong)
        return cb(ctx, "crime sums", true, "every district's sums match its LSOAs' counts", err);
    snprintf(detail, sizeof detail,
             "%lld sum%s by district differ%s from the counts: a force's figures would be wrong",
             (long long)wrong, wrong == 1 ? "" : "s", wrong == 1 ? "s" : "");
    return cb(ctx, "crime sums", false, detail, err);
}

int peel_store_backup(peel_store *s, const char *path, peel_err *err)
{
    return ops(s)->backup(s, path, err);
}

int peel_store_meta_get(peel_store *s, const char *key, char *out, size_t outsz, peel_err *err)
{
    peel_store_mark(s, "peel_meta");
    return ops(s)->meta_get(s, key, out, outsz, err);
}

int peel_store_meta_set(peel_store *s, const char *key, const char *value, peel_err *err)
{
    return ops(s)->meta_set(s, key, value, err);
}

int peel_store_meta_each(peel_store *s, peel_meta_cb cb, void *ctx, peel_err *err)
{
    peel_store_mark(s, "peel_meta");
    return ops(s)->meta_each(s, cb, ctx, err);
}
