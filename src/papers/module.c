/* module.c - the Panel's papers generated from records: the record types
 * (types.c: paper, paper_section, figure_reason, report_rule), a paper
 * built for its reader (build.c), the gate and the Panel's rules
 * (check.c), its outputs (out.c), agenda packs (pack.c), the command
 * (cmd_paper.c) and pages (pages.c). */
#include "app/module.h"
#include "papers/papers.h"

extern const peel_cmd peel_cmds_papers[];
extern const peel_route peel_routes_papers[];

static const peel_type *const types[] = {
    &peel_type_paper,
    &peel_type_paper_section,
    &peel_type_figure_reason,
    &peel_type_report_rule,
    NULL,
};

const peel_module peel_module_papers = {
    .name = "papers",
    .summary = "the Panel's papers generated from records: sections, figures reconciled before "
               "publication, the Panel's rules on reports, PDF, XLSX, CSV and agenda packs",
    .types = types,
    .cmds = peel_cmds_papers,
    .routes = peel_routes_papers,
};
