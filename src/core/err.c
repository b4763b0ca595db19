/* err.c - the error value: first error sticks, message formatted at the
 * point of failure. */
#include "core/err.h"

#include <stdio.h>
#include <string.h>

int peel_err_vset(peel_err *err, enum peel_code code, const char *fmt, va_list ap)
{
    if (!err || err->code != PEEL_OK)
        return -1;
    err->code = code == PEEL_OK ? PEEL_EINTERNAL : code;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return -1;
}

int peel_err_set(peel_err *err, enum peel_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    peel_err_vset(err, code, fmt, ap);
    va_end(ap);
    return -1;
}

void peel_err_prefix(peel_err *err, const char *fmt, ...)
{
    char pre[PEEL_ERR_MSG_MAX], old[PEEL_ERR_MSG_MAX];
    va_list ap;

    if (!err || err->code == PEEL_OK)
        return;
    va_start(ap, fmt);
    vsnprintf(pre, sizeof pre, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    snprintf(err->msg, sizeof err->msg, "%s: %s", pre, old);
}

void peel_err_clear(peel_err *err)
{
    if (!err)
        return;
    err->code = PEEL_OK;
    err->msg[0] = '\0';
}

int peel_err_exit_status(const peel_err *err)
{
    if (!err || err->code == PEEL_OK)
        return 0;
    if (err->code == PEEL_EINPUT || err->code == PEEL_ENOTFOUND)
        return 2;
    return 1;
}
