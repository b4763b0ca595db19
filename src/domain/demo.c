/* demo.c - loads the embedded demo CSVs in registry order (a type after the
 * types it refers to), through the same import path users have. */
#include "domain/demo.h"

#include <stdio.h>
#include <string.h>

#include "model/csvio.h"

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
    return 0;
}
