/* module.c - engagement: how the PCC obtains the views of the public.  The
 * record types (types.c: pause, engagement, theme, feedback, ysdw;
 * contact.c: contact), the period summary and the coverage of a year
 * (summary.c) and `peel engagement` (cmd_engagement.c), the /engagement
 * page (pages.c) and the public contact form and status page
 * (contact_pages.c). */
#include "app/module.h"
#include "engagement/engagement.h"

extern const peel_cmd peel_cmds_engagement[];
extern const peel_route peel_routes_engagement[];
extern const peel_section_decl peel_engagement_sections[];

static const peel_setting_decl settings[] = {
    {"contact_reply_days", "Reply to correspondence within", "working days",
     PEEL_CONTACT_TARGET_DEFAULT, 1, PEEL_CONTACT_TARGET_MAX,
     "The office's own target; the papers give none"},
    {0},
};

static const peel_type *const types[] = {
    &peel_type_pause,
    &peel_type_engagement,
    &peel_type_theme,
    &peel_type_feedback,
    &peel_type_ysdw,
    &peel_type_contact,
    NULL,
};

const peel_module peel_module_engagement = {
    .name = "engagement",
    .summary = "community days and visits, what people raised, themes, \"You said, we did\", "
               "pauses, correspondence and the public contact form; the period summary and the "
               "year's coverage",
    .types = types,
    .cmds = peel_cmds_engagement,
    .routes = peel_routes_engagement,
    .sections = peel_engagement_sections,
    .settings = settings,
};
