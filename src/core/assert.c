/* assert.c - the one place a broken invariant ends the program (assert.h). */
#include "core/assert.h"

#include <stdio.h>
#include <stdlib.h>

_Noreturn void peel_assert_fail(const char *cond, const char *file, int line)
{
    fprintf(stderr, "peel: %s:%d: invariant failed: %s\n", file, line, cond);
    fflush(stderr);
    abort();
}
