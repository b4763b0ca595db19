/* demo.c - loads the embedded demo CSVs in registry order (a type after the
 * types it refers to), through the same import path users have; then the
 * files that hold a lifecycle's history (demo/action_update.csv: the dated
 * status changes the papers give; demo/recommendation_update.csv: the
 * responses they show; demo/engagement_update.csv: the engagements held;
 * demo/round_update.csv: the grant rounds opened, closed and moderated),
 * through the lifecycle's write path; last, the files that change records
 * once everything is loaded (demo/paper_publish.csv: a paper is published
 * after the reasons for its figures are recorded, as the gate requires). */
#include "domain/demo.h"

#include <stdio.h>
#include <string.h>

#include "model/csvio.h"
#include "model/transition.h"

/* Demo files that are the lifecycle history of a type, not records. */
static const struct {
    const char *file, *type;
} histories[] = {
    {"action_update", "action"},
    {"recommendation_update", "recommendation"},
    {"engagement_update", "engagement"},
    {"round_update", "round"},
};

/* Demo files that update records of a type after every file is loaded. */
static const struct {
    const char *file, *type;
} later[] = {
    {"paper_publish", "paper"},
};

int peel_demo_load(struct peel_store *s, const char *user, peel_demo_result *res, peel_err *err)
{
    size_t n;
    const peel_type *const *types = peel_types(&n);

    memset(res, 0, sizeof *res);
    for (size_t i = 0; i < n; i++) {
        for (const struct peel_demo_file *f = peel_demo_files; f->name; f++) {
            peel_import_result r;
            char name[80];
            if (strcmp(f->name, types[i]->name))
                continue;
            snprintf(name, sizeof name, "demo/%s.csv", f->name);
            int rc = peel_csvio_import_mem(s, user, types[i], f->data, f->len, name, &r, err);
            peel_buf_release(&r.errors);
            if (rc < 0)
                return -1;
            res->created += r.created;
            res->updated += r.updated;
            res->unchanged += r.unchanged;
        }
    }
    for (size_t h = 0; h < sizeof histories / sizeof histories[0]; h++) {
        const peel_type *t = peel_type_find(histories[h].type);
        for (const struct peel_demo_file *f = peel_demo_files; t && f->name; f++) {
            char name[80];
            int64_t added = 0;
            if (strcmp(f->name, histories[h].file))
                continue;
            snprintf(name, sizeof name, "demo/%s.csv", f->name);
            if (peel_transition_import_mem(s, user, t, f->data, f->len, name, &added, err) < 0)
                return -1;
            res->created += added;
        }
    }
    for (size_t l = 0; l < sizeof later / sizeof later[0]; l++) {
        const peel_type *t = peel_type_find(later[l].type);
        for (const struct peel_demo_file *f = peel_demo_files; t && f->name; f++) {
            peel_import_result r;
            char name[80];
            if (strcmp(f->name, later[l].file))
                continue;
            snprintf(name, sizeof name, "demo/%s.csv", f->name);
            int rc = peel_csvio_import_mem(s, user, t, f->data, f->len, name, &r, err);
            peel_buf_release(&r.errors);
            if (rc < 0)
                return -1;
            res->updated += r.updated;
        }
    }
    return 0;
}
