/* lifecycle.c - declared lifecycles on the web: a record page shows its
 * current state near the title, the transitions the reader may make as
 * buttons, each opening a short form (/records/TYPE/ID/transition?to=...)
 * whose fields are what the transition requires, and the dated history;
 * the API has /api/v1/TYPE/ID/transitions (GET: history and the reader's
 * transitions; POST {to, date, note, evidence}: 422 with field errors).
 *
 * Who sees what: the record's page and the API answer only for a record
 * the reader may open (model/reader.h), so panel and public see the state
 * and history of published OFFICIAL records alone, never a note of an
 * OFFICIAL-SENSITIVE one, and never a form: only staff and admin hold the
 * roles a transition may be made by.  Every write goes through
 * model/transition.h in a transaction of its own. */
#include "web/lifecycle.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/str.h"
#include "model/transition.h"
#include "render/html.h"
#include "web/records.h"

#define MAX_ALLOWED 32

/* Whether rd may read the text of rec's transitions (notes, evidence). */
static bool text_visible(const peel_reader *rd, const peel_record *rec)
{
    return peel_reader_record_visible(rd, rec) &&
           (peel_record_class(rec) != PEEL_OFFICIAL_SENSITIVE || peel_reader_sees_sensitive(rd));
}

static void long_date(peel_date d, char out[32])
{
    peel_date_format_long(d, out);
}

const char *peel_web_lifecycle_current(const peel_type *t, const peel_history *h, int64_t record_id)
{
    const char *st = peel_history_state_on(t->lifecycle, h, record_id, INT32_MAX, NULL);
    return peel_lifecycle_label(t->lifecycle, st);
}

int peel_web_lifecycle_state(peel_req *r, const peel_record *rec, peel_err *err)
{
    const peel_lifecycle *lc = rec->type->lifecycle;
    peel_history h;
    const peel_transition *last = NULL;
    const char *st;
    char since[32];

    if (!lc)
        return 0;
    if (peel_transition_history(r->store, rec->type, rec->id, &h, err) < 0)
        return -1;
    st = peel_history_state_on(lc, &h, rec->id, INT32_MAX, &last);
    peel_html(&r->out,
              "<p class=\"lifecycle-state\" id=\"state\">State: <strong class=\"tag "
              "tag--state tag--%s\">%s</strong>",
              st, peel_lifecycle_label(lc, st));
    if (last) {
        long_date(last->date, since);
        peel_html(&r->out, " since %s", since);
    }
    peel_html_lit(&r->out, "</p>\n");
    /* Each transition the reader may make from here, a button to its form. */
    const peel_reader *rd = peel_req_reader(r);
    const peel_lc_transition *allowed[MAX_ALLOWED];
    const peel_type *t = rec->type;
    size_t n = peel_reader_type_writable(rd, t)
                   ? peel_transition_allowed(lc, st, rd, allowed, MAX_ALLOWED)
                   : 0;
    if (n) {
        peel_html_lit(&r->out, "<div class=\"actions lifecycle-actions\">");
        for (size_t i = 0; i < n; i++)
            peel_html(&r->out,
                      "<a class=\"button%s\" href=\"/records/%q/%lld/transition?to=%q\">%s</a>",
                      i ? " button--secondary" : "", t->name, (long long)rec->id, allowed[i]->to,
                      allowed[i]->verb);
        peel_html_lit(&r->out, "</div>\n");
    }
    peel_history_release(&h);
    return 0;
}

int peel_web_lifecycle_history(peel_req *r, const peel_record *rec, peel_err *err)
{
    const peel_type *t = rec->type;
    const peel_lifecycle *lc = t->lifecycle;
    const peel_reader *rd = peel_req_reader(r);
    peel_history h;
    bool text = text_visible(rd, rec), staff = peel_reader_sees_sensitive(rd);

    if (!lc)
        return 0;
    if (peel_transition_history(r->store, t, rec->id, &h, err) < 0)
        return -1;
    peel_html_lit(&r->out, "<h2 class=\"heading-m\" id=\"state-history\">State history</h2>\n");
    if (!h.n) {
        peel_html(&r->out,
                  "<p class=\"body\">No change of state recorded: %s since it was "
                  "recorded.</p>\n",
                  peel_lifecycle_label(lc, lc->initial));
        peel_history_release(&h);
        return 0;
    }
    peel_html_lit(&r->out, "<div class=\"table-wrap\"><table>\n<caption class=\"visually-hidden\">"
                           "Changes of state, by the date each took effect</caption>\n"
                           "<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">From</th>"
                           "<th scope=\"col\">To</th>");
    if (text)
        peel_html_lit(&r->out, "<th scope=\"col\">Note</th><th scope=\"col\">Evidence</th>"
                               "<th scope=\"col\">Source</th>");
    if (staff)
        peel_html_lit(&r->out, "<th scope=\"col\">Recorded by</th>");
    peel_html_lit(&r->out, "</tr></thead>\n<tbody>\n");
    for (size_t i = h.n; i-- > 0;) {
        const peel_transition *x = &h.v[i];
        char d[32];
        long_date(x->date, d);
        peel_html(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td>", d,
                  peel_lifecycle_label(lc, x->from), peel_lifecycle_label(lc, x->to));
        if (text)
            peel_html(&r->out, "<td>%s</td><td>%s</td><td>%s</td>", x->note, x->evidence,
                      x->source);
        if (staff)
            peel_html(&r->out, "<td>%s, %s</td>", x->user, x->at);
        peel_html_lit(&r->out, "</tr>\n");
    }
    peel_html_lit(&r->out, "</tbody></table></div>\n");
    peel_history_release(&h);
    return 0;
}

/* ---- the form ---- */

/* The type and record a transition URL names, for a reader who may change
 * it; else answers (404 as for any record the reader may not open, 403 for
 * a reader who may open it but not change it) and returns NULL. */
static peel_record *record_or_reply(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = peel_web_type_or_reply(r, p[0]);
    peel_record *rec;
    if (!t)
        return NULL;
    if (!(rec = peel_web_record_or_reply(r, t, p[1], err)))
        return NULL;
    if (!t->lifecycle) {
        peel_record_free(rec);
        peel_req_error(r, 404, "not_found", NULL, "%s records have no lifecycle", t->label);
        return NULL;
    }
    return rec;
}

static peel_record *writable_or_reply(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_record *rec = record_or_reply(r, p, err);
    if (rec && (!peel_reader_type_writable(peel_req_reader(r), rec->type) ||
                !peel_transition_role_bits(peel_req_reader(r)))) {
        if (!r->user[0] && r->is_api) {
            peel_req_add_header(r, "WWW-Authenticate", "Bearer realm=\"peel\"");
            peel_req_error(r, 401, "unauthorized", NULL,
                           "changing records needs a bearer token (Authorization: Bearer ...)");
        } else {
            peel_req_error(r, 403, "forbidden", NULL, "your account cannot change %s",
                           rec->type->plural);
        }
        peel_record_free(rec);
        return NULL;
    }
    return rec;
}

static const char *fe_of(const peel_fielderrs *fe, const char *field)
{
    for (size_t i = 0; fe && i < fe->n; i++)
        if (fe->e[i].field && !strcmp(fe->e[i].field, field))
            return fe->e[i].msg;
    return NULL;
}

/* One labelled control of the form: a text input or a textarea. */
static void form_control(peel_req *r, const char *name, const char *label, const char *hint,
                         bool optional, bool multiline, const char *value, const char *msg)
{
    char describedby[80] = "";
    peel_html(&r->out, "<div class=\"form-group%s\"><label for=\"f-%s\">%s%s</label>\n",
              msg ? " form-group--error" : "", name, label, optional ? " (optional)" : "");
    if (hint) {
        peel_html(&r->out, "<span class=\"hint\" id=\"f-%s-hint\">%s</span>\n", name, hint);
        snprintf(describedby, sizeof describedby, "f-%s-hint", name);
    }
    if (msg) {
        size_t k = strlen(describedby);
        peel_html(&r->out,
                  "<p class=\"error-message\" id=\"f-%s-error\"><span class=\"visually-hidden\">"
                  "Error:</span> %s</p>\n",
                  name, msg);
        snprintf(describedby + k, sizeof describedby - k, "%sf-%s-error", k ? " " : "", name);
    }
    if (multiline)
        peel_html(&r->out, "<textarea class=\"input%s\" id=\"f-%s\" name=\"%s\" rows=\"5\"",
                  msg ? " input--error" : "", name, name);
    else
        peel_html(&r->out,
                  "<input class=\"input input--narrow%s\" id=\"f-%s\" name=\"%s\" type=\"text\" "
                  "value=\"%s\"",
                  msg ? " input--error" : "", name, name, value);
    if (msg)
        peel_html_lit(&r->out, " aria-invalid=\"true\"");
    if (describedby[0])
        peel_html(&r->out, " aria-describedby=\"%s\"", describedby);
    if (multiline)
        peel_html(&r->out, ">%s</textarea>", value);
    else
        peel_html_lit(&r->out, ">");
    peel_html_lit(&r->out, "</div>\n");
}

static const char *label_of(const char *field)
{
    return !strcmp(field, "to")         ? "What has happened"
           : !strcmp(field, "date")     ? "Date it took effect"
           : !strcmp(field, "note")     ? "Note"
           : !strcmp(field, "evidence") ? "Evidence"
                                        : NULL;
}

static int transition_form(peel_req *r, const peel_record *rec, const peel_transition_req *in,
                           const peel_fielderrs *fe, unsigned status, peel_err *err)
{
    const peel_type *t = rec->type;
    const peel_lifecycle *lc = t->lifecycle;
    const peel_lc_transition *allowed[MAX_ALLOWED], *tr = NULL;
    peel_buf title = PEEL_BUF_INIT;
    char state[64], heading[400];
    size_t n;

    if (peel_transition_state(r->store, rec, state, sizeof state, err) < 0)
        return -1;
    n = peel_transition_allowed(lc, state, peel_req_reader(r), allowed, MAX_ALLOWED);
    for (size_t i = 0; in->to && i < n; i++)
        if (!strcmp(allowed[i]->to, in->to))
            tr = allowed[i];
    peel_page_record_title(rec, &title);
    snprintf(heading, sizeof heading, "%s: %s", tr ? tr->verb : "Change the state",
             peel_buf_str(&title));
    {
        char pt[420];
        snprintf(pt, sizeof pt, "%s%s", fe && fe->n ? "Error: " : "", heading);
        peel_page_begin(r, pt);
    }
    if (fe && fe->n) {
        peel_problem p[sizeof fe->e / sizeof fe->e[0]];
        for (size_t i = 0; i < fe->n; i++) {
            const char *label = fe->e[i].field ? label_of(fe->e[i].field) : NULL;
            p[i] = (peel_problem){
                .id = label ? peel_pool_printf(r->pool, "f-%s", fe->e[i].field) : NULL,
                .label = label,
                .msg =
                    label ? peel_pool_printf(r->pool, "%s: %s", label, fe->e[i].msg) : fe->e[i].msg,
            };
            if (!p[i].msg) {
                peel_buf_release(&title);
                return peel_err_set(err, PEEL_ENOMEM, "out of memory");
            }
        }
        peel_page_error_summary(r, p, fe->n);
    }
    peel_html(&r->out, "<span class=\"caption\">%s</span><h1 class=\"heading-l\">%s", t->label,
              heading);
    if (peel_record_class(rec) == PEEL_OFFICIAL_SENSITIVE)
        peel_page_sensitive_tag(r);
    peel_html_lit(&r->out, "</h1>\n");
    peel_html(&r->out, "<p class=\"body\">Now: <strong class=\"tag tag--state\">%s</strong></p>\n",
              peel_lifecycle_label(lc, state));
    peel_buf_release(&title);
    if (!n) {
        peel_html(&r->out, "<p class=\"body\">Nothing can follow %s for your account.</p>\n",
                  peel_lifecycle_label(lc, state));
        peel_html(&r->out,
                  "<p class=\"body\"><a href=\"/records/%q/%lld\">Back to the record</a>"
                  "</p>\n",
                  t->name, (long long)rec->id);
        peel_page_end(r);
        return peel_req_html_page(r, status);
    }
    peel_html(&r->out, "<form method=\"post\" action=\"/records/%q/%lld/transition\" novalidate>\n",
              t->name, (long long)rec->id);
    peel_page_csrf(r);
    if (tr) {
        peel_html(&r->out, "<input type=\"hidden\" name=\"to\" value=\"%s\">\n", tr->to);
    } else {
        const char *msg = fe_of(fe, "to");
        peel_html(&r->out,
                  "<div class=\"form-group%s\"><fieldset class=\"fieldset\" id=\"f-to\"%s>"
                  "<legend>What has happened?</legend>\n",
                  msg ? " form-group--error" : "", msg ? " aria-describedby=\"f-to-error\"" : "");
        if (msg)
            peel_html(&r->out,
                      "<p class=\"error-message\" id=\"f-to-error\"><span "
                      "class=\"visually-hidden\">Error:</span> %s</p>\n",
                      msg);
        for (size_t i = 0; i < n; i++)
            peel_html(&r->out,
                      "<div class=\"radio\"><input type=\"radio\" id=\"f-to-%s\" name=\"to\" "
                      "value=\"%s\"><label for=\"f-to-%s\">%s (%s)</label></div>\n",
                      allowed[i]->to, allowed[i]->to, allowed[i]->to, allowed[i]->verb,
                      peel_lifecycle_label(lc, allowed[i]->to));
        peel_html_lit(&r->out, "</fieldset></div>\n");
    }
    form_control(r, "date", "Date it took effect",
                 "For example, 09/10/2023 or 2023-10-09. Leave it empty for today.",
                 !(tr && (tr->requires & PEEL_LC_DATE)), false, in->date ? in->date : "",
                 fe_of(fe, "date"));
    if (!tr || (tr->requires & PEEL_LC_EVIDENCE))
        form_control(r, "evidence", "Evidence",
                     "What shows it: a report, a letter, a minute, with its date",
                     !(tr && (tr->requires & PEEL_LC_EVIDENCE)), true,
                     in->evidence ? in->evidence : "", fe_of(fe, "evidence"));
    form_control(r, "note", "Note", tr && (tr->requires & PEEL_LC_NOTE) ? "Say why" : NULL,
                 !(tr && (tr->requires & PEEL_LC_NOTE)), true, in->note ? in->note : "",
                 fe_of(fe, "note"));
    /* An error not tied to a field still shows in the summary above. */
    peel_html(&r->out,
              "<button class=\"button\">%s</button> <a href=\"/records/%q/%lld\">Cancel</a>\n"
              "</form>\n",
              tr ? tr->verb : "Save", t->name, (long long)rec->id);
    peel_page_end(r);
    return peel_req_html_page(r, status);
}

static int lc_form(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_record *rec = writable_or_reply(r, p, err);
    peel_transition_req in = {.to = peel_req_arg(r, "to")};
    int rc;
    if (!rec)
        return r->answered ? 0 : -1;
    rc = transition_form(r, rec, &in, NULL, 200, err);
    peel_record_free(rec);
    return rc;
}

static const char *form_text(peel_req *r, const char *name)
{
    const peel_kv *kv = peel_req_field(r, name);
    return kv ? kv->value : NULL;
}

static int lc_post(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_record *rec = writable_or_reply(r, p, err);
    peel_fielderrs fe = {0};
    int rc;
    if (!rec)
        return r->answered ? 0 : -1;
    peel_transition_req in = {.to = form_text(r, "to"),
                              .date = form_text(r, "date"),
                              .note = form_text(r, "note"),
                              .evidence = form_text(r, "evidence")};
    rc = peel_transition_save(r->store, r->user, peel_req_reader(r), rec, &in, &fe, err);
    if (rc == 0)
        rc = peel_req_redirect(r, peel_pool_printf(r->pool, "/records/%s/%lld?saved=1#state",
                                                   rec->type->name, (long long)rec->id));
    else if (rc > 0) {
        peel_err_clear(err);
        rc = transition_form(r, rec, &in, &fe, 422, err);
    }
    peel_record_free(rec);
    return rc;
}

/* ---- the API ---- */

static json_t *requires_json(unsigned req)
{
    json_t *a = json_array();
    if (req & PEEL_LC_NOTE)
        json_array_append_new(a, json_string("note"));
    if (req & PEEL_LC_EVIDENCE)
        json_array_append_new(a, json_string("evidence"));
    if (req & PEEL_LC_DATE)
        json_array_append_new(a, json_string("date"));
    return a;
}

static int transitions_answer(peel_req *r, const peel_record *rec, unsigned status, peel_err *err)
{
    const peel_type *t = rec->type;
    const peel_lifecycle *lc = t->lifecycle;
    const peel_reader *rd = peel_req_reader(r);
    const peel_lc_transition *allowed[MAX_ALLOWED];
    bool text = text_visible(rd, rec), staff = peel_reader_sees_sensitive(rd);
    peel_history h;
    size_t n;

    if (peel_transition_history(r->store, t, rec->id, &h, err) < 0)
        return -1;
    const char *st = peel_history_state_on(lc, &h, rec->id, INT32_MAX, NULL);
    json_t *hist = json_array(), *allow = json_array();
    for (size_t i = 0; i < h.n; i++) {
        const peel_transition *x = &h.v[i];
        char d[11];
        peel_date_format(x->date, d);
        json_t *o = json_pack("{s:s,s:s,s:s}", "date", d, "from", x->from, "to", x->to);
        if (text) {
            json_object_set_new(o, "note", json_string(x->note));
            json_object_set_new(o, "evidence", json_string(x->evidence));
            json_object_set_new(o, "source", json_string(x->source));
        }
        if (staff) {
            json_object_set_new(o, "recorded_by", json_string(x->user));
            json_object_set_new(o, "recorded_at", json_string(x->at));
        }
        json_array_append_new(hist, o);
    }
    n = peel_reader_type_writable(rd, t) ? peel_transition_allowed(lc, st, rd, allowed, MAX_ALLOWED)
                                         : 0;
    for (size_t i = 0; i < n; i++)
        json_array_append_new(allow, json_pack("{s:s,s:s,s:s,s:o}", "to", allowed[i]->to, "label",
                                               peel_lifecycle_label(lc, allowed[i]->to), "verb",
                                               allowed[i]->verb, "requires",
                                               requires_json(allowed[i]->requires)));
    int rc = peel_req_json(
        r, status,
        json_pack("{s:s,s:I,s:s,s:s,s:b,s:o,s:o}", "type", t->name, "id", (json_int_t)rec->id,
                  "state", st, "state_label", peel_lifecycle_label(lc, st), "closed",
                  peel_lifecycle_closed(lc, st), "history", hist, "allowed", allow));
    peel_history_release(&h); /* st points into it */
    return rc;
}

static int api_get(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_record *rec = record_or_reply(r, p, err);
    int rc;
    if (!rec)
        return r->answered ? 0 : -1;
    rc = transitions_answer(r, rec, 200, err);
    peel_record_free(rec);
    return rc;
}

/* A string member of the body; *bad when it is there but not a string. */
static const char *member(json_t *j, const char *name, peel_fielderrs *fe)
{
    json_t *v = json_object_get(j, name);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        peel_fielderrs_add(fe, name, "must be a string");
        return NULL;
    }
    return json_string_value(v);
}

static int invalid(peel_req *r, const peel_fielderrs *fe, const char *fallback)
{
    json_t *list = json_array();
    for (size_t i = 0; i < fe->n; i++)
        json_array_append_new(
            list, json_pack("{s:s?,s:s}", "field", fe->e[i].field, "message", fe->e[i].msg));
    return peel_req_json(r, 422,
                         json_pack("{s:{s:s,s:s,s:s?,s:o}}", "error", "code", "invalid", "message",
                                   fe->n ? fe->e[0].msg : fallback, "field",
                                   fe->n ? fe->e[0].field : NULL, "errors", list));
}

static int api_post(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_record *rec = writable_or_reply(r, p, err);
    peel_fielderrs fe = {0};
    json_error_t jerr;
    json_t *j;
    const char *key;
    json_t *v;
    int rc;

    if (!rec)
        return r->answered ? 0 : -1;
    if (!peel_utf8_valid(peel_buf_str(&r->body), r->body.len, NULL)) {
        peel_record_free(rec);
        return peel_req_error(r, 400, "bad_json", NULL, "the body is not valid UTF-8");
    }
    j = json_loadb(peel_buf_str(&r->body), r->body.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!j || !json_is_object(j)) {
        json_decref(j);
        peel_record_free(rec);
        return peel_req_error(r, 400, "bad_json", NULL,
                              "the body must be a JSON object: {\"to\", \"date\", \"note\", "
                              "\"evidence\"}");
    }
    json_object_foreach(j, key, v)
    {
        if (strcmp(key, "to") && strcmp(key, "date") && strcmp(key, "note") &&
            strcmp(key, "evidence"))
            peel_fielderrs_add(&fe, NULL, "unknown member '%.40s': give to, date, note, evidence",
                               key);
    }
    peel_transition_req in = {.to = member(j, "to", &fe),
                              .date = member(j, "date", &fe),
                              .note = member(j, "note", &fe),
                              .evidence = member(j, "evidence", &fe)};
    if (fe.n) {
        rc = invalid(r, &fe, "the transition is not valid");
    } else {
        rc = peel_transition_save(r->store, r->user, peel_req_reader(r), rec, &in, &fe, err);
        if (rc == 0)
            rc = transitions_answer(r, rec, 201, err);
        else if (rc > 0) {
            peel_err_clear(err);
            rc = invalid(r, &fe, "the transition is not valid");
        }
    }
    json_decref(j);
    peel_record_free(rec);
    return rc;
}

json_t *peel_web_lifecycle_openapi(const peel_type *t)
{
    const peel_lifecycle *lc = t->lifecycle;
    json_t *states = json_array();
    for (const peel_lc_state *s = lc->states; s->value; s++)
        json_array_append_new(states, json_string(s->value));
    json_t *state = json_pack("{s:s,s:o}", "type", "string", "enum", states);
    json_t *entry =
        json_pack("{s:s,s:{s:{s:s,s:s},s:O,s:O,s:{s:s},s:{s:s},s:{s:s},s:{s:s}}}", "type", "object",
                  "properties", "date", "type", "string", "format", "date", "from", state, "to",
                  state, "note", "type", "string", "evidence", "type", "string", "source", "type",
                  "string", "recorded_by", "type", "string");
    json_t *answer = json_pack(
        "{s:s,s:{s:{s:s},s:{s:s},s:O,s:{s:s},s:{s:s},s:{s:s,s:o},s:{s:s,s:{s:s}}}}", "type",
        "object", "properties", "type", "type", "string", "id", "type", "integer", "state", state,
        "state_label", "type", "string", "closed", "type", "boolean", "history", "type", "array",
        "items", entry, "allowed", "type", "array", "items", "type", "object");
    json_t *body = json_pack("{s:s,s:[s],s:{s:O,s:{s:s,s:s},s:{s:s},s:{s:s}}}", "type", "object",
                             "required", "to", "properties", "to", state, "date", "type", "string",
                             "description", "ISO (2023-10-09) or UK (09/10/2023); empty: today",
                             "note", "type", "string", "evidence", "type", "string");
    json_t *err = json_pack("{s:s,s:{s:{s:{s:s}}}}", "description", "", "content",
                            "application/json", "schema", "$ref", "#/components/schemas/Error");
    json_t *doc = json_pack(
        "{s:[{s:s,s:s,s:b,s:{s:s}}],"
        "s:{s:s,s:[s],s:{s:{s:s,s:{s:{s:O}}},s:O}},"
        "s:{s:s,s:[s],s:{s:b,s:{s:{s:o}}},s:{s:{s:s,s:{s:{s:o}}},s:O,s:O,s:O,s:O}}}",
        "parameters", "name", "id", "in", "path", "required", 1, "schema", "type", "integer", "get",
        "summary", "the record's state, dated history and the transitions the caller may make",
        "tags", t->name, "responses", "200", "description", "state and history", "content",
        "application/json", "schema", answer, "404", err, "post", "summary",
        "move the record to another state", "tags", t->name, "requestBody", "required", 1,
        "content", "application/json", "schema", body, "responses", "201", "description",
        "made: the new state and history", "content", "application/json", "schema", answer, "401",
        err, "403", err, "404", err, "422", err);
    json_decref(state);
    json_decref(err);
    return doc;
}

const peel_route peel_routes_lifecycle[] = {
    {"GET", "/records/*/*/transition", lc_form, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"POST", "/records/*/*/transition", lc_post, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"GET", "/api/v1/*/*/transitions", api_get, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {"POST", "/api/v1/*/*/transitions", api_post, PEEL_PAGE_BY_HANDLER, NULL, NULL},
    {0},
};
