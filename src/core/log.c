/* log.c - leveled logging to stderr, one line per call. */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int level = -1;

static enum peel_log_level level_from_env(void)
{
    const char *e = getenv("PEEL_LOG");
    if (!e)
        return PEEL_LOG_WARN;
    if (!strcmp(e, "error"))
        return PEEL_LOG_ERROR;
    if (!strcmp(e, "info"))
        return PEEL_LOG_INFO;
    if (!strcmp(e, "debug"))
        return PEEL_LOG_DEBUG;
    return PEEL_LOG_WARN;
}

void peel_log_set_level(enum peel_log_level l)
{
    level = (int)l;
}

enum peel_log_level peel_log_level_get(void)
{
    if (level < 0)
        level = (int)level_from_env();
    return (enum peel_log_level)level;
}

void peel_log(enum peel_log_level l, const char *fmt, ...)
{
    static const char *const names[] = {"error", "warning", "info", "debug"};
    char line[1024];
    va_list ap;

    if (l > peel_log_level_get())
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "peel: %s: %s\n", names[l], line);
}
