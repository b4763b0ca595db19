/* module.c - engagement: how the PCC obtains the views of the public.  The
 * record types (types.c: pause, engagement, theme, feedback, ysdw), the
 * period summary and the coverage of a year (summary.c) and `peel
 * engagement` (cmd_engagement.c) and the /engagement page (pages.c). */
#include "app/module.h"
#include "engagement/engagement.h"

extern const peel_cmd peel_cmds_engagement[];
extern const peel_route peel_routes_engagement[];

static const peel_type *const types[] = {
    &peel_type_pause,    &peel_type_engagement, &peel_type_theme,
    &peel_type_feedback, &peel_type_ysdw,       NULL,
};

const peel_module peel_module_engagement = {
    .name = "engagement",
    .summary = "community days and visits, what people raised, themes, \"You said, we did\", "
               "pauses; the period summary and the year's coverage",
    .types = types,
    .cmds = peel_cmds_engagement,
    .routes = peel_routes_engagement,
};
