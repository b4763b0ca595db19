/* util.c - helpers shared by the command files: --help, type names,
 * FIELD=VALUE, and the option tables' one parser. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/str.h"
#include "core/vec.h"
#include "model/model.h"

bool peel_cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return true;
    return false;
}

int peel_cli_type_arg(const char *name, const void **type, peel_err *err)
{
    size_t n;
    const peel_type *const *all = peel_types(&n);
    char list[512] = "";
    size_t k = 0;

    *type = peel_type_find(name);
    if (*type)
        return 0;
    for (size_t i = 0; i < n && k < sizeof list - 1; i++)
        k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "", all[i]->name);
    return peel_err_set(err, PEEL_EINPUT, "'%s' is not a record type (types: %s)", name, list);
}

bool peel_cli_split_assign(const char *arg, char *field, size_t fieldsz, const char **value)
{
    const char *eq = strchr(arg, '=');
    size_t n;
    if (!eq)
        return false;
    n = (size_t)(eq - arg);
    if (n == 0 || n >= fieldsz)
        return false;
    memcpy(field, arg, n);
    field[n] = '\0';
    *value = eq + 1;
    return true;
}

/* ---- option tables ---- */

static const peel_opt *opt_find(const peel_opt *opts, const char *name)
{
    for (const peel_opt *o = opts; o->name; o++)
        if (!strcmp(o->name, name))
            return o;
    return NULL;
}

static int opt_value(const char *cmd, const peel_opt *o, const char *v, peel_err *err)
{
    long long n;
    switch (o->kind) {
    case PEEL_OPT_FLAG:
        *(bool *)o->dest = true;
        return 0;
    case PEEL_OPT_STRING:
        *(const char **)o->dest = v;
        return 0;
    case PEEL_OPT_LIST: {
        const char **slot = peel_vec_push((peel_cli_list *)o->dest);
        if (!slot)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory reading %s", o->name);
        *slot = v;
        return 0;
    }
    case PEEL_OPT_DATE:
        if (peel_date_parse_typed(v, strlen(v), (peel_date *)o->dest, err) < 0)
            break;
        return 0;
    case PEEL_OPT_FY:
        if (peel_fy_parse(v, strlen(v), (peel_fy *)o->dest, err) < 0)
            break;
        return 0;
    case PEEL_OPT_INT:
        if (!peel_str_to_i64(peel_str_c(v), &n) || n < o->min || n > o->max)
            return peel_err_set(err, PEEL_EINPUT, "%s: '%s' is not a number from %lld to %lld",
                                o->name, v, o->min, o->max);
        *(long long *)o->dest = n;
        return 0;
    case PEEL_OPT_FORMAT:
        if (!strcmp(v, "table") || !strcmp(v, "text"))
            *(enum peel_format *)o->dest = PEEL_FORMAT_TABLE;
        else if (!strcmp(v, "csv"))
            *(enum peel_format *)o->dest = PEEL_FORMAT_CSV;
        else if (!strcmp(v, "json"))
            *(enum peel_format *)o->dest = PEEL_FORMAT_JSON;
        else
            return peel_err_set(err, PEEL_EINPUT, "--format: '%s' is not one of table, csv, json",
                                v);
        return 0;
    }
    (void)cmd;
    peel_err_prefix(err, "%s", o->name);
    return -1;
}

/* The one loop: with stop, the first argument that is not an option ends
 * the options and *stop is its index (argc when there is none). */
static int opts_parse(int argc, char **argv, const peel_opt *opts, int *npos, int *stop,
                      peel_err *err)
{
    int k = 1;
    bool options = true;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const peel_opt *o;
        if (options && !strcmp(a, "--")) {
            options = false;
            continue;
        }
        if (stop && (!options || a[0] != '-' || !a[1])) {
            *stop = i;
            return 0;
        }
        if (!options || a[0] != '-' || !a[1]) {
            if (!npos)
                return peel_err_set(err, PEEL_EINPUT,
                                    "unexpected argument '%s' (see 'peel %.*s "
                                    "--help')",
                                    a, (int)strcspn(argv[0], " "), argv[0]);
            argv[k++] = argv[i];
            continue;
        }
        if (!(o = opt_find(opts, a)) && stop)
            return peel_err_set(err, PEEL_EINPUT,
                                "'%s' is not an option of peel (see 'peel --help')", a);
        if (!o)
            return peel_err_set(err, PEEL_EINPUT,
                                "'%s' is not an option of %s (see 'peel %.*s "
                                "--help')",
                                a, argv[0], (int)strcspn(argv[0], " "), argv[0]);
        if (o->kind != PEEL_OPT_FLAG && i + 1 >= argc)
            return peel_err_set(err, PEEL_EINPUT, "%s needs a value (%s)", a,
                                o->help ? o->help : "see --help");
        if (opt_value(argv[0], o, o->kind == PEEL_OPT_FLAG ? NULL : argv[++i], err) < 0)
            return -1;
    }
    if (npos)
        *npos = k - 1;
    if (stop)
        *stop = argc;
    return 0;
}

int peel_cli_parse(int argc, char **argv, const peel_opt *opts, int *npos, peel_err *err)
{
    return opts_parse(argc, argv, opts, npos, NULL, err);
}

int peel_cli_parse_global(int argc, char **argv, const peel_opt *opts, int *cmd, peel_err *err)
{
    return opts_parse(argc, argv, opts, NULL, cmd, err);
}

int peel_cli_parse_sub(int argc, char **argv, const peel_opt *opts, int *npos, peel_err *err)
{
    char name[64];
    char *sub = argv[1];
    int rc;

    snprintf(name, sizeof name, "%s %s", argv[0], sub);
    argv[1] = name;
    rc = peel_cli_parse(argc - 1, argv + 1, opts, npos, err);
    argv[1] = sub;
    return rc;
}

void peel_cli_csv_begin(const peel_cli *cli)
{
    if (cli->bom)
        fputs(PEEL_CSV_BOM, stdout);
}
