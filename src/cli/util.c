/* util.c - small helpers shared by the command files. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
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
