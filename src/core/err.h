/* err.h - errors as values.
 *
 * A peel_err carries a code and a message written at the point of failure
 * ("row 8, column Month: '2021-13' is not a month").  The first error sticks:
 * peel_err_set() on an error that is already set changes nothing, so a caller
 * may report a low-level failure and let outer layers add nothing misleading.
 * A peel_err lives on the caller's stack and owns no heap memory.
 */
#ifndef PEEL_CORE_ERR_H
#define PEEL_CORE_ERR_H

#include <stdarg.h>

enum peel_code {
    PEEL_OK = 0,
    PEEL_EINPUT,    /* the user's input is invalid (exit status 2) */
    PEEL_ENOTFOUND, /* a named record, type or file does not exist (exit 2) */
    PEEL_EIO,       /* a file or stream failed */
    PEEL_EDB,       /* the database failed */
    PEEL_ENOMEM,    /* out of memory, or a buffer reached its cap */
    PEEL_EINTERNAL  /* a broken invariant: a bug in peel */
};

#define PEEL_ERR_MSG_MAX 512

typedef struct peel_err {
    enum peel_code code;
    char msg[PEEL_ERR_MSG_MAX];
} peel_err;

#define PEEL_ERR_INIT                                                                              \
    {                                                                                              \
        PEEL_OK,                                                                                   \
        {                                                                                          \
            0                                                                                      \
        }                                                                                          \
    }

/* Sets code and message unless err is NULL or already holds an error.
 * Always returns -1, so callers can write `return peel_err_set(...)`. */
int peel_err_set(peel_err *err, enum peel_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int peel_err_vset(peel_err *err, enum peel_code code, const char *fmt, va_list ap);

/* Prefixes the message already held with "PREFIX: " (e.g. a file name). */
void peel_err_prefix(peel_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void peel_err_clear(peel_err *err);

/* The process exit status for a code: 0 ok, 2 invalid input, 1 otherwise. */
int peel_err_exit_status(const peel_err *err);

#endif
