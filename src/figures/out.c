/* out.c - a computed figure's columns and JSON (out.h). */
#include "figures/out.h"

#include "figures/figure.h"
#include "model/records.h"

const char *const peel_figure_cols[PEEL_FIGURE_NCOLS] = {
    "key", "label", "paper", "period", "printed", "computed", "status", "why",
};

void peel_fline_cells(const peel_fline *l, char period[80], const char *cells[PEEL_FIGURE_NCOLS])
{
    peel_figure_period_text(l->fig, period, 80);
    cells[0] = peel_record_text_at(l->fig, PEEL_FIG_KEY);
    cells[1] = peel_record_text_at(l->fig, PEEL_FIG_LABEL);
    cells[2] = peel_record_text_at(l->fig, PEEL_FIG_PAPER);
    cells[3] = period;
    cells[4] = peel_record_text_at(l->fig, PEEL_FIG_PRINTED);
    cells[5] = l->res.computed;
    cells[6] = peel_fstatus_name(l->res.status);
    cells[7] = l->res.why ? l->res.why : "";
}

json_t *peel_fline_json(const peel_fline *l)
{
    char period[80], m1[8], m2[8];
    const char *cells[PEEL_FIGURE_NCOLS];
    json_t *o = json_object(), *from = json_object();

    if (!o || !from) {
        json_decref(o);
        json_decref(from);
        return NULL;
    }
    peel_fline_cells(l, period, cells);
    for (size_t i = 0; i < PEEL_FIGURE_NCOLS; i++)
        json_object_set_new(o, peel_figure_cols[i], json_string(cells[i]));
    json_object_set_new(o, "id", json_integer(l->fig->id));
    json_object_set_new(o, "place", json_string(peel_record_text_at(l->fig, PEEL_FIG_PLACE)));
    json_object_set_new(o, "unit", json_string(peel_record_text_at(l->fig, PEEL_FIG_UNIT)));
    json_object_set_new(o, "status_label", json_string(peel_fstatus_label(l->res.status)));
    if (l->res.has_value) {
        json_t *v = json_object();
        json_object_set_new(v, "numerator", json_integer(l->res.value.num));
        json_object_set_new(v, "denominator", json_integer(l->res.value.den));
        json_object_set_new(o, "value", v);
    } else {
        json_object_set_new(o, "value", json_null());
    }
    if (l->res.rag != PEEL_FRAG_NONE) {
        json_object_set_new(o, "rag", json_string(peel_frag_name(l->res.rag)));
        json_object_set_new(o, "rag_why", json_string(l->res.rag_why));
    }
    if (l->res.over) {
        json_t *ids = json_array();
        json_object_set_new(from, "type", json_string(l->res.over->name));
        json_object_set_new(from, "records", json_integer(l->res.nrecords));
        for (size_t i = 0; i < l->res.nids; i++)
            json_array_append_new(ids, json_integer(l->res.ids[i]));
        json_object_set_new(from, "ids", ids);
    }
    if (l->res.crime) {
        peel_month_format(l->res.crime_from, m1);
        peel_month_format(l->res.crime_to, m2);
        json_object_set_new(from, "crime_area", json_string(l->res.crime_area));
        json_object_set_new(from, "from", json_string(m1));
        json_object_set_new(from, "to", json_string(m2));
    }
    if (*peel_record_text_at(l->fig, PEEL_FIG_A)) {
        json_t *figs = json_array();
        json_array_append_new(figs, json_string(peel_record_text_at(l->fig, PEEL_FIG_A)));
        json_array_append_new(figs, json_string(peel_record_text_at(l->fig, PEEL_FIG_B)));
        json_object_set_new(from, "figures", figs);
    }
    json_object_set_new(o, "computed_from", from);
    return o;
}
