/* app_init.h - a test that uses the record types starts the modules first,
 * as main.c does (src/app/module.h); without it the registry is empty. */
#ifndef PEEL_TESTS_APP_INIT_H
#define PEEL_TESTS_APP_INIT_H

#include <stdio.h>
#include <stdlib.h>

#include "app/module.h"

static inline void peel_test_app_init(void)
{
    peel_err err = PEEL_ERR_INIT;
    if (peel_app_init(&err) < 0) {
        fprintf(stderr, "peel_app_init: %s\n", err.msg);
        exit(1);
    }
}

#endif
