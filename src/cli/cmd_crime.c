/* cmd_crime.c - the crime performance commands (peel crime ..., peel area ...). */
#include <stddef.h>

#include "cli/cli.h"

const peel_cmd peel_cmds_crime[] = {
    {NULL, NULL, NULL, NULL, 0, NULL},
};
