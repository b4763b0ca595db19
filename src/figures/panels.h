/* panels.h - the plan's indicators page (/figures/plan), routed from
 * pages.c's table; the home page's panels are peel_panels_figures. */
#ifndef PEEL_FIGURES_PANELS_H
#define PEEL_FIGURES_PANELS_H

#include "web/http.h"

int peel_figures_page_plan(peel_req *r, const peel_str *p, peel_err *err);

#endif
