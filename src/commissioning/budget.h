/* budget.h - CSP allocations (`allocation`: a Community Safety
 * Partnership's money for a year, its projects being awards of the CSP
 * fund for its area), commissioned services (`contract`) and the
 * commissioning budget by category (`budget_line`), with the views built
 * from them (budget.c): each CSP's allocation, approved projects and
 * remaining budget, and the budget by category with its sum against any
 * printed total.  The definitions are in docs/METHODS.md, "Commissioning".
 *
 * Ownership: peel_csp_view and peel_budget_view own their rows' strings
 * (their _release functions). */
#ifndef PEEL_COMMISSIONING_BUDGET_H
#define PEEL_COMMISSIONING_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/cli.h"
#include "core/date.h"
#include "core/err.h"
#include "model/model.h"
#include "model/reader.h"
#include "store/store.h"
#include "web/http.h"

extern const peel_type peel_type_allocation;
extern const peel_type peel_type_contract;
extern const peel_type peel_type_budget_line;

enum {
    PEEL_ALLOC_REF,
    PEEL_ALLOC_FUND,
    PEEL_ALLOC_AREA,
    PEEL_ALLOC_PARTNERSHIP,
    PEEL_ALLOC_YEAR,
    PEEL_ALLOC_AMOUNT,
    PEEL_ALLOC_NOTE,
    PEEL_ALLOC_PROVENANCE,
    PEEL_ALLOC_PUBLISH,
    PEEL_ALLOC_NFIELDS
};

enum {
    PEEL_BL_REF,
    PEEL_BL_YEAR,
    PEEL_BL_CATEGORY,
    PEEL_BL_AMOUNT,
    PEEL_BL_IS_TOTAL,
    PEEL_BL_NOTE,
    PEEL_BL_PROVENANCE,
    PEEL_BL_PUBLISH,
    PEEL_BL_NFIELDS
};

enum {
    PEEL_CONTRACT_REF,
    PEEL_CONTRACT_PROVIDER,
    PEEL_CONTRACT_SERVICE,
    PEEL_CONTRACT_BUDGET_LINE,
    PEEL_CONTRACT_YEAR,
    PEEL_CONTRACT_VALUE,
    PEEL_CONTRACT_START,
    PEEL_CONTRACT_END,
    PEEL_CONTRACT_RETENDER,
    PEEL_CONTRACT_NOTE,
    PEEL_CONTRACT_PROVENANCE,
    PEEL_CONTRACT_PUBLISH,
    PEEL_CONTRACT_NFIELDS
};

/* One CSP's year: its allocation, the awards of its fund for its area
 * awarded in the year, and what remains. */
typedef struct peel_csp_row {
    int64_t id;
    char *name;
    int64_t allocation, approved, remaining; /* pence */
    int64_t projects;
    int64_t undated; /* awards for it with no award date: in no year, not counted */
} peel_csp_row;

typedef struct peel_csp_view {
    peel_csp_row *v;
    size_t n, cap;
    int64_t allocation, approved, remaining, projects, undated;
} peel_csp_view;

int peel_csp_build(peel_store *s, const peel_reader *rd, peel_fy year, peel_csp_view *out,
                   peel_err *err);
void peel_csp_release(peel_csp_view *v);

/* The budget by category for a year: the category lines (not totals), their
 * sum, and the printed total (has_total; the first line marked a total). */
typedef struct peel_budget_row {
    int64_t id;
    char *category;
    int64_t amount;
    int64_t contracts;       /* contracts of the line */
    int64_t contracts_value; /* their value, pence */
} peel_budget_row;

typedef struct peel_budget_view {
    peel_budget_row *v;
    size_t n, cap;
    int64_t sum;
    bool has_total;
    int64_t total;
    char *total_label;
} peel_budget_view;

int peel_budget_build(peel_store *s, const peel_reader *rd, peel_fy year, peel_budget_view *out,
                      peel_err *err);
void peel_budget_release(peel_budget_view *v);

/* The views as JSON objects (money in pence); NULL when memory runs out. */
struct json_t;
struct json_t *peel_csp_json(const peel_csp_view *v, peel_fy year);
struct json_t *peel_budget_json(const peel_budget_view *v, peel_fy year);

int peel_cmd_commissioning_csp(peel_cli *cli, int argc, char **argv, peel_err *err);
int peel_cmd_commissioning_budget(peel_cli *cli, int argc, char **argv, peel_err *err);
/* /commissioning/csp?year=YYYY-YY and /commissioning/budget?year=YYYY-YY
 * (default: the current financial year). */
int peel_page_commissioning_csp(peel_req *r, const peel_str *p, peel_err *err);
int peel_page_commissioning_budget(peel_req *r, const peel_str *p, peel_err *err);
/* /api/v1/commissioning/csp?year= and /api/v1/commissioning/budget?year=. */
int peel_api_commissioning_csp(peel_req *r, const peel_str *p, peel_err *err);
int peel_api_commissioning_budget(peel_req *r, const peel_str *p, peel_err *err);

#endif
