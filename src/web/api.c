/* api.c - the JSON API, /api/v1/TYPE and /api/v1/TYPE/ID, for every declared
 * type, and its OpenAPI 3 description generated from the same declarations.
 *
 * Callers authenticate with a bearer token (`peel token add USER`); without
 * one they are the public.  Errors are {"error":{"code","message","field"}}
 * with the HTTP status that fits; validation errors also list every field
 * error under "errors".  Records pass the classification gate in model/reader.c
 * exactly as on the pages.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "model/crud.h"
#include "model/json.h"
#include "model/lifecycle.h"
#include "model/related.h"
#include "web/lifecycle.h"
#include "web/records.h"
#include "web/web.h"

int peel_api_index(peel_req *r, const peel_str *p, peel_err *err)
{
    size_t n;
    const peel_type *const *types = peel_types(&n);
    json_t *list = json_array();
    char href[160];
    (void)p;
    (void)err;
    for (size_t i = 0; i < n; i++) {
        if (!peel_reader_type_readable(peel_req_reader(r), types[i]))
            continue;
        snprintf(href, sizeof href, "/api/v1/%s", types[i]->name);
        json_array_append_new(list,
                              json_pack("{s:s,s:s,s:s,s:b}", "name", types[i]->name, "plural",
                                        types[i]->plural, "href", href, "writable",
                                        peel_reader_type_writable(peel_req_reader(r), types[i])));
    }
    return peel_req_json(r, 200,
                         json_pack("{s:o,s:s,s:s?}", "types", list, "openapi",
                                   "/api/v1/openapi.json", "user", r->user[0] ? r->user : NULL));
}

/* ---- reading ---- */

typedef struct api_list_ctx {
    peel_req *r;
    bool first;
} api_list_ctx;

static int api_row(void *ctx, const peel_record *rec, peel_err *err)
{
    api_list_ctx *c = ctx;
    if (!peel_reader_record_visible(peel_req_reader(c->r), rec))
        return 0;
    if (!c->first)
        peel_buf_putc(&c->r->out, ',');
    c->first = false;
    if (peel_reader_json_write(c->r->store, peel_req_reader(c->r), rec, &c->r->out, err) < 0)
        return err->code == PEEL_ENOMEM
                   ? peel_err_set(err, PEEL_ENOMEM, "the list is too large or memory ran out")
                   : -1;
    return 0;
}

int peel_api_list(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = peel_web_type_or_reply(r, p[0]);
    peel_listq lq;
    api_list_ctx c = {.r = r, .first = true};
    int rc;

    if (!t)
        return 0;
    rc = peel_web_listq_build(r, t, &lq, err);
    if (rc != 0) {
        peel_web_listq_release(&lq);
        return rc < 0 ? -1 : 0;
    }
    peel_buf_reset(&r->out);
    peel_buf_puts(&r->out, "{\"data\":[");
    rc = peel_web_listq_select(r->store, &lq, lq.per, (lq.page - 1) * lq.per, api_row, &c, err);
    peel_web_listq_release(&lq);
    if (rc < 0)
        return -1;
    peel_buf_puts(&r->out, "],\"page\":");
    peel_buf_put_i64(&r->out, lq.page);
    peel_buf_puts(&r->out, ",\"per_page\":");
    peel_buf_put_i64(&r->out, lq.per);
    peel_buf_puts(&r->out, ",\"total\":");
    peel_buf_put_i64(&r->out, lq.total);
    peel_buf_putc(&r->out, '}');
    return peel_req_json_ready(r, 200);
}

int peel_api_get(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = peel_web_type_or_reply(r, p[0]);
    peel_record *rec;
    if (!t)
        return 0;
    if (!(rec = peel_web_record_or_reply(r, t, p[1], err)))
        return r->answered ? 0 : -1;
    peel_req_json_record(r, 200, rec);
    peel_record_free(rec);
    return 0;
}

/* ---- writing ---- */

static const peel_type *writable_or_reply(peel_req *r, peel_str seg)
{
    const peel_type *t = peel_web_type_or_reply(r, seg);
    if (!t)
        return NULL;
    if (!peel_reader_type_writable(peel_req_reader(r), t)) {
        if (!r->user[0]) {
            peel_req_add_header(r, "WWW-Authenticate", "Bearer realm=\"peel\"");
            peel_req_error(r, 401, "unauthorized", NULL,
                           "changing records needs a bearer token (Authorization: Bearer ...)");
        } else {
            peel_req_error(r, 403, "forbidden", NULL, "your account cannot change %s", t->plural);
        }
        return NULL;
    }
    return t;
}

/* The body as a JSON object; answers 400 itself and returns NULL. */
static json_t *body_or_reply(peel_req *r)
{
    json_error_t jerr;
    json_t *j;

    if (!peel_utf8_valid(peel_buf_str(&r->body), r->body.len, NULL)) {
        peel_req_error(r, 400, "bad_json", NULL, "the body is not valid UTF-8");
        return NULL;
    }
    j = json_loadb(peel_buf_str(&r->body), r->body.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!j) {
        peel_req_error(r, 400, "bad_json", NULL, "the body is not valid JSON: line %d: %s",
                       jerr.line, jerr.text);
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        peel_req_error(r, 400, "bad_json", NULL, "the body must be a JSON object of fields");
        return NULL;
    }
    return j;
}

static int invalid(peel_req *r, const peel_fielderrs *fe, const char *fallback)
{
    json_t *list = json_array();
    for (size_t i = 0; i < fe->n; i++)
        json_array_append_new(
            list, json_pack("{s:s?,s:s}", "field", fe->e[i].field, "message", fe->e[i].msg));
    const char *field = fe->n ? fe->e[0].field : NULL;
    const char *msg = fe->n ? fe->e[0].msg : fallback;
    return peel_req_json(r, 422,
                         json_pack("{s:{s:s,s:s,s:s?,s:o}}", "error", "code", "invalid", "message",
                                   msg, "field", field, "errors", list));
}

/* Stores rec (create or update) in one transaction and answers. */
static int save(peel_req *r, peel_record *rec, bool create, peel_err *err)
{
    peel_fielderrs fe = {0};
    int rc = peel_crud_save(r->store, r->user, rec, create, &fe, err);

    if (rc < 0)
        return -1;
    if (rc > 0) {
        char msg[PEEL_ERR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", err->msg);
        peel_err_clear(err);
        return invalid(r, &fe, msg);
    }
    if (create)
        peel_req_add_header(
            r, "Location",
            peel_pool_printf(r->pool, "/api/v1/%s/%lld", rec->type->name, (long long)rec->id));
    return peel_req_json_record(r, create ? 201 : 200, rec);
}

int peel_api_create(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = writable_or_reply(r, p[0]);
    peel_fielderrs fe = {0};
    peel_record *rec;
    json_t *j;
    int rc;

    if (!t || !(j = body_or_reply(r)))
        return 0;
    rec = peel_record_new(t);
    if (!rec) {
        json_decref(j);
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    }
    if (peel_json_assign(rec, j, &fe) < 0)
        rc = invalid(r, &fe, "the record is not valid");
    else
        rc = save(r, rec, true, err);
    json_decref(j);
    peel_record_free(rec);
    return rc;
}

int peel_api_patch(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = writable_or_reply(r, p[0]);
    peel_fielderrs fe = {0};
    peel_record *rec;
    json_t *j;
    int rc;

    if (!t)
        return 0;
    if (!(rec = peel_web_record_or_reply(r, t, p[1], err)))
        return r->answered ? 0 : -1;
    if (!(j = body_or_reply(r))) {
        peel_record_free(rec);
        return 0;
    }
    if (peel_json_assign(rec, j, &fe) < 0)
        rc = invalid(r, &fe, "the record is not valid");
    else
        rc = save(r, rec, false, err);
    json_decref(j);
    peel_record_free(rec);
    return rc;
}

int peel_api_delete(peel_req *r, const peel_str *p, peel_err *err)
{
    const peel_type *t = writable_or_reply(r, p[0]);
    peel_crud_referrers refs;
    peel_record *rec;
    int64_t id;
    int rc;

    if (!t)
        return 0;
    if (!(rec = peel_web_record_or_reply(r, t, p[1], err)))
        return r->answered ? 0 : -1;
    id = rec->id;
    peel_record_free(rec);
    rc = peel_crud_remove(r->store, r->user, t, id, peel_req_reader(r), &refs, err);
    if (rc > 0) {
        /* 409 with the referrers the caller may see; the rest unnamed, uncounted */
        json_t *list = json_array();
        for (size_t i = 0; i < refs.n; i++)
            json_array_append_new(list,
                                  json_pack("{s:s,s:I,s:s}", "type", refs.v[i].type->name, "id",
                                            (json_int_t)refs.v[i].id, "key", refs.v[i].key));
        peel_req_json(r, 409,
                      json_pack("{s:{s:s,s:s,s:n,s:o,s:b}}", "error", "code", "conflict", "message",
                                err->msg, "field", "referrers", list, "more_referrers",
                                refs.more || refs.hidden));
        peel_err_clear(err);
    }
    peel_crud_referrers_release(&refs);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    r->status = 204;
    r->ctype = NULL;
    r->answered = true;
    return 0;
}

/* ---- OpenAPI ---- */

static json_t *field_schema(const peel_field *f)
{
    json_t *s = json_object();
    char desc[600];

    switch (f->type) {
    case PEEL_F_INT:
        json_object_set_new(s, "type", json_string("integer"));
        if (f->min < f->max) {
            json_object_set_new(s, "minimum", json_integer(f->min));
            json_object_set_new(s, "maximum", json_integer(f->max));
        }
        break;
    case PEEL_F_MONEY:
        json_object_set_new(s, "type", json_string("integer"));
        json_object_set_new(s, "format", json_string("pence"));
        break;
    case PEEL_F_REF:
        json_object_set_new(s, "type", json_string("integer"));
        break;
    case PEEL_F_BOOL:
        json_object_set_new(s, "type", json_string("boolean"));
        break;
    case PEEL_F_POINT:
        json_object_set_new(s, "type", json_string("object"));
        json_object_set_new(
            s, "properties",
            json_pack("{s:{s:s},s:{s:s}}", "lat", "type", "number", "lon", "type", "number"));
        json_object_set_new(s, "required", json_pack("[s,s]", "lat", "lon"));
        break;
    default:
        json_object_set_new(s, "type", json_string("string"));
        if (f->type == PEEL_F_DATE)
            json_object_set_new(s, "format", json_string("date"));
        else if (f->type == PEEL_F_MONTH)
            json_object_set_new(s, "pattern", json_string("^[0-9]{4}-[0-9]{2}$"));
        else if (f->type == PEEL_F_FY)
            json_object_set_new(s, "pattern", json_string("^[0-9]{4}-[0-9]{2}$"));
        else if (f->type == PEEL_F_DATETIME)
            json_object_set_new(s, "pattern",
                                json_string("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}"));
        else if (f->type == PEEL_F_TEXT)
            json_object_set_new(s, "maxLength", json_integer(f->max > 0 ? f->max : 4000));
        if (f->type == PEEL_F_ENUM) {
            json_t *ev = json_array();
            for (const peel_option *o = f->options; o->value; o++)
                json_array_append_new(ev, json_string(o->value));
            json_object_set_new(s, "enum", ev);
        }
    }
    if (!(f->flags & PEEL_REQUIRED))
        json_object_set_new(s, "nullable", json_true());
    /* Vendor extensions: what a generic client needs beyond JSON Schema. */
    json_object_set_new(s, "x-peel-type", json_string(peel_ftype_name(f->type)));
    if (f->type == PEEL_F_REF)
        json_object_set_new(s, "x-peel-references", json_string(f->ref_type));
    if (f->flags & PEEL_UNIQUE)
        json_object_set_new(s, "x-peel-unique", json_true());
    if (f->flags & PEEL_CLASSIFIES)
        json_object_set_new(s, "x-peel-classifies", json_true());
    if (f->flags & PEEL_PUBLISHES)
        json_object_set_new(s, "x-peel-publishes", json_true());
    if (f->flags & PEEL_FOR_PANEL)
        json_object_set_new(s, "x-peel-for-panel", json_true());
    if (f->cls == PEEL_OFFICIAL_SENSITIVE)
        json_object_set_new(s, "x-peel-sensitive", json_true());
    if (f->flags & PEEL_READONLY)
        json_object_set_new(s, "readOnly", json_true());
    snprintf(
        desc, sizeof desc, "%s%s%s%s%s%s", f->label, f->help ? ": " : "", f->help ? f->help : "",
        f->type == PEEL_F_REF ? ". The id of a " : "", f->type == PEEL_F_REF ? f->ref_type : "",
        f->cls == PEEL_OFFICIAL_SENSITIVE ? ". OFFICIAL-SENSITIVE: returned to staff only" : "");
    json_object_set_new(s, "description", json_string(desc));
    return s;
}

/* A lifecycle type's current state as its records carry it (model/reader.h):
 * read only, changed through /api/v1/TYPE/ID/transitions. */
static json_t *state_schema(const peel_lifecycle *lc)
{
    json_t *values = json_array();
    for (const peel_lc_state *s = lc->states; s->value; s++)
        json_array_append_new(values, json_string(s->value));
    return json_pack(
        "{s:s,s:b,s:s,s:[s,s,s],s:{s:{s:s,s:o},s:{s:s},s:{s:s,s:s,s:b}}}", "type", "object",
        "readOnly", 1, "description",
        "The current state: the latest change of state recorded (since its date, null when "
        "none is), else the lifecycle's initial state. Changed through the transitions route",
        "required", "value", "label", "since", "properties", "value", "type", "string", "enum",
        values, "label", "type", "string", "since", "type", "string", "format", "date", "nullable",
        1);
}

static json_t *type_schema(const peel_type *t)
{
    json_t *props = json_object(), *req = json_array();
    json_object_set_new(props, "id", json_pack("{s:s,s:b}", "type", "integer", "readOnly", 1));
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        if (f->type == PEEL_F_SECRET)
            continue;
        json_object_set_new(props, f->name, field_schema(f));
        if (f->flags & PEEL_REQUIRED)
            json_array_append_new(req, json_string(f->name));
    }
    json_object_set_new(props, "created_at",
                        json_pack("{s:s,s:b}", "type", "string", "readOnly", 1));
    json_object_set_new(props, "updated_at",
                        json_pack("{s:s,s:b}", "type", "string", "readOnly", 1));
    if (t->lifecycle)
        json_object_set_new(props, "state", state_schema(t->lifecycle));
    return json_pack("{s:s,s:s,s:o,s:o,s:b}", "type", "object", "description",
                     t->help ? t->help : t->label, "properties", props, "required", req,
                     "additionalProperties", 0);
}

static json_t *error_response(const char *desc)
{
    return json_pack("{s:s,s:{s:{s:{s:s}}}}", "description", desc, "content", "application/json",
                     "schema", "$ref", "#/components/schemas/Error");
}

static json_t *record_response(const char *desc, const char *ref)
{
    return json_pack("{s:s,s:{s:{s:{s:s}}}}", "description", desc, "content", "application/json",
                     "schema", "$ref", ref);
}

/* The papers of a record of a type that declares attachments: the list, and
 * an upload as multipart/form-data (the one API write that is not JSON). */
static json_t *attachments_path(const peel_type *t)
{
    json_t *item = json_pack(
        "{s:s,s:{s:{s:s},s:{s:s},s:{s:s},s:{s:s,s:s},s:{s:s},s:{s:s},s:{s:s},s:{s:s},s:{s:s}}}",
        "type", "object", "properties", "id", "type", "integer", "title", "type", "string", "kind",
        "type", "string", "date", "type", "string", "format", "date", "size", "type", "integer",
        "format", "type", "string", "content_type", "type", "string", "filename", "type", "string",
        "url", "type", "string");
    json_t *path = json_pack(
        "{s:[{s:s,s:s,s:b,s:{s:s}}],"
        "s:{s:s,s:[s],s:{s:{s:s,s:{s:{s:{s:{s:{s:s,s:O}}}}}},s:o}},"
        "s:{s:s,s:[s],s:{s:b,s:{s:{s:{s:s,s:{s:{s:s,s:s},s:{s:s},s:{s:s,s:[s,s,s,s,s,s]},"
        "s:{s:s}},s:[s,s,s]}}}},s:{s:{s:s,s:{s:{s:O}}},s:o,s:o,s:o,s:o}}}",
        "parameters", "name", "id", "in", "path", "required", 1, "schema", "type", "integer", "get",
        "summary", "the papers attached to the record", "tags", t->name, "responses", "200",
        "description", "the papers", "content", "application/json", "schema", "properties", "data",
        "type", "array", "items", item, "404",
        error_response("no such record (or not visible to the caller)"), "post", "summary",
        "attach a paper (its type is read from its bytes; 50 MiB by default)", "tags", t->name,
        "requestBody", "required", 1, "content", "multipart/form-data", "schema", "type", "object",
        "properties", "file", "type", "string", "format", "binary", "title", "type", "string",
        "kind", "type", "string", "enum", "agenda", "report", "minutes", "appendix", "decision",
        "other", "date", "type", "string", "required", "file", "title", "kind", "responses", "201",
        "description", "attached", "content", "application/json", "schema", item, "403",
        error_response("the caller may not change this type"), "413",
        error_response("the file is larger than allowed"), "415",
        error_response("not multipart/form-data"), "422",
        error_response("a field is not valid, or the file is not what its name says"));
    json_decref(item); /* path holds it twice (O) */
    return path;
}

/* Search over records and papers, for the caller. */
static json_t *search_path(void)
{
    return json_pack(
        "{s:{s:s,s:s,s:[{s:s,s:s,s:b,s:{s:s}},{s:s,s:s,s:{s:s}},{s:s,s:s,s:{s:s,s:s}},"
        "{s:s,s:s,s:{s:s,s:s}},{s:s,s:s,s:{s:s,s:i,s:i}},{s:s,s:s,s:{s:s,s:i,s:i}}],"
        "s:{s:{s:s,s:{s:{s:{s:{s:{s:s,s:{s:s}},s:{s:s},s:{s:s},s:{s:s}}}}}},s:o}}}",
        "get", "summary", "search records and the text of PDF papers", "description",
        "Every word must appear; ranked (bm25); only what the caller may open is returned or "
        "counted. snippet_html is escaped text with each word in <mark>.",
        "parameters", "name", "q", "in", "query", "required", 1, "schema", "type", "string", "name",
        "type", "in", "query", "schema", "type", "string", "name", "from", "in", "query", "schema",
        "type", "string", "format", "date", "name", "to", "in", "query", "schema", "type", "string",
        "format", "date", "name", "page", "in", "query", "schema", "type", "integer", "minimum", 1,
        "maximum", 1000, "name", "per_page", "in", "query", "schema", "type", "integer", "minimum",
        1, "maximum", 100, "responses", "200", "description", "a page of results", "content",
        "application/json", "schema", "properties", "data", "type", "array", "items", "type",
        "object", "page", "type", "integer", "per_page", "type", "integer", "total", "type",
        "integer", "400", error_response("no words, or a bad parameter"));
}

/* The modules' own JSON routes (peel_api_doc, http.h): their parameters,
 * paging and answer, paged as the records API's lists are. */
static void api_routes_doc(peel_req *r, json_t *paths)
{
    for (size_t m = 0; r->cfg && r->cfg->api_docs && r->cfg->api_docs[m]; m++)
        for (const peel_api_doc *d = r->cfg->api_docs[m]; d->path; d++) {
            json_t *params = json_array();
            for (size_t i = 0; d->params && d->params[i]; i++)
                json_array_append_new(params, json_pack("{s:s,s:s,s:{s:s}}", "name", d->params[i],
                                                        "in", "query", "schema", "type", "string"));
            json_array_append_new(params,
                                  json_pack("{s:s,s:s,s:{s:s,s:i}}", "name", "page", "in", "query",
                                            "schema", "type", "integer", "minimum", 1));
            json_array_append_new(params,
                                  json_pack("{s:s,s:s,s:{s:s,s:i,s:i}}", "name", "per_page", "in",
                                            "query", "schema", "type", "integer", "minimum", 1,
                                            "maximum", PEEL_LIST_MAX_PER_PAGE));
            json_t *schema =
                json_pack("{s:s,s:{s:{s:s,s:s,s:{s:s}},s:{s:s},s:{s:s},s:{s:s}},s:b}", "type",
                          "object", "properties", "data", "type", "array", "description", d->items,
                          "items", "type", "object", "page", "type", "integer", "per_page", "type",
                          "integer", "total", "type", "integer", "additionalProperties", 1);
            json_object_set_new(
                paths, d->path,
                json_pack("{s:{s:s,s:o,s:{s:{s:s,s:{s:{s:o}}},s:o,s:o,s:o}}}", "get", "summary",
                          d->summary, "parameters", params, "responses", "200", "description",
                          "a page of the answer", "content", "application/json", "schema", schema,
                          "400", error_response("a bad query parameter, named in field"), "403",
                          error_response("the caller may not open this view"), "404",
                          error_response("no such board, panel or area")));
        }
}

int peel_api_openapi(peel_req *r, const peel_str *p, peel_err *err)
{
    size_t n;
    const peel_type *const *types = peel_types(&n);
    json_t *paths = json_object(), *schemas = json_object();
    (void)p;
    (void)err;

    json_object_set_new(schemas, "Error",
                        json_pack("{s:s,s:{s:{s:s,s:{s:{s:s},s:{s:s},s:{s:s,s:b}}}}}", "type",
                                  "object", "properties", "error", "type", "object", "properties",
                                  "code", "type", "string", "message", "type", "string", "field",
                                  "type", "string", "nullable", 1));
    for (size_t i = 0; i < n; i++) {
        const peel_type *t = types[i];
        char ref[160], list_path[160], item_path[160];
        json_t *params = json_array();

        snprintf(ref, sizeof ref, "#/components/schemas/%s", t->name);
        snprintf(list_path, sizeof list_path, "/api/v1/%s", t->name);
        snprintf(item_path, sizeof item_path, "/api/v1/%s/{id}", t->name);
        json_object_set_new(schemas, t->name, type_schema(t));
        if (t->lifecycle) {
            char tr_path[180];
            snprintf(tr_path, sizeof tr_path, "/api/v1/%s/{id}/transitions", t->name);
            json_object_set_new(paths, tr_path, peel_web_lifecycle_openapi(t));
        }

        for (size_t k = 0; k < t->nfields; k++) {
            const peel_field *f = &t->fields[k];
            if (f->type == PEEL_F_SECRET || f->type == PEEL_F_POINT)
                continue;
            json_array_append_new(
                params,
                json_pack("{s:s,s:s,s:s,s:{s:s}}", "name", f->name, "in", "query", "description",
                          f->type == PEEL_F_TEXT ? "contains (any case)" : "equals", "schema",
                          "type", "string"));
        }
        for (int k = 0; t->range && k < 2; k++)
            json_array_append_new(params,
                                  json_pack("{s:s,s:s,s:s,s:{s:s}}", "name", k ? "to" : "from",
                                            "in", "query", "description",
                                            k ? "on or before this date (2023-10-09 or 09/10/2023)"
                                              : "on or after this date (2023-10-09 or 09/10/2023)",
                                            "schema", "type", "string"));
        json_array_append_new(params, json_pack("{s:s,s:s,s:{s:s}}", "name", "_sort", "in", "query",
                                                "schema", "type", "string"));
        json_array_append_new(params,
                              json_pack("{s:s,s:s,s:{s:s,s:[s,s]}}", "name", "_dir", "in", "query",
                                        "schema", "type", "string", "enum", "asc", "desc"));
        json_array_append_new(params,
                              json_pack("{s:s,s:s,s:{s:s,s:i}}", "name", "page", "in", "query",
                                        "schema", "type", "integer", "minimum", 1));
        json_array_append_new(params, json_pack("{s:s,s:s,s:{s:s,s:i,s:i}}", "name", "per_page",
                                                "in", "query", "schema", "type", "integer",
                                                "minimum", 1, "maximum", PEEL_LIST_MAX_PER_PAGE));
        json_t *list_schema =
            json_pack("{s:s,s:{s:{s:s,s:{s:s}},s:{s:s},s:{s:s},s:{s:s}}}", "type", "object",
                      "properties", "data", "type", "array", "items", "$ref", ref, "page", "type",
                      "integer", "per_page", "type", "integer", "total", "type", "integer");
        json_object_set_new(
            paths, list_path,
            json_pack("{s:{s:s,s:[s],s:o,s:{s:{s:s,s:{s:{s:o}}},s:o,s:o}},"
                      "s:{s:s,s:[s],s:{s:b,s:{s:{s:{s:s}}}},s:{s:o,s:o,s:o,s:o,s:o}}}",
                      "get", "summary", t->plural, "tags", t->name, "parameters", params,
                      "responses", "200", "description", "a page of records", "content",
                      "application/json", "schema", list_schema, "400",
                      error_response("a bad query parameter"), "403",
                      error_response("the caller may not read this type"), "post", "summary",
                      "create a record", "tags", t->name, "requestBody", "required", 1, "content",
                      "application/json", "schema", "$ref", ref, "responses", "201",
                      record_response("created", ref), "400", error_response("not JSON"), "401",
                      error_response("no valid bearer token"), "403",
                      error_response("the caller may not change this type"), "422",
                      error_response("a field is not valid")));
        json_object_set_new(
            paths, item_path,
            json_pack("{s:[{s:s,s:s,s:b,s:{s:s}}],s:{s:s,s:[s],s:{s:o,s:o}},"
                      "s:{s:s,s:[s],s:{s:b,s:{s:{s:{s:s}}}},s:{s:o,s:o,s:o,s:o}},"
                      "s:{s:s,s:[s],s:{s:{s:s},s:o,s:o}}}",
                      "parameters", "name", "id", "in", "path", "required", 1, "schema", "type",
                      "integer", "get", "summary", "one record", "tags", t->name, "responses",
                      "200", record_response("the record", ref), "404",
                      error_response("no such record (or not visible to the caller)"), "patch",
                      "summary", "change some fields", "tags", t->name, "requestBody", "required",
                      1, "content", "application/json", "schema", "$ref", ref, "responses", "200",
                      record_response("the changed record", ref), "404",
                      error_response("no such record"), "409", error_response("a conflict"), "422",
                      error_response("a field is not valid"), "delete", "summary",
                      "delete a record", "tags", t->name, "responses", "204", "description",
                      "deleted", "404", error_response("no such record"), "409",
                      error_response("other records refer to it")));
        if (t->attachments) {
            char att_path[200];
            snprintf(att_path, sizeof att_path, "/api/v1/%s/{id}/attachments", t->name);
            json_object_set_new(paths, att_path, attachments_path(t));
        }
        if (peel_related_declared(peel_reader_of(PEEL_ROLE_ADMIN), t)) {
            char rel_path[200];
            snprintf(rel_path, sizeof rel_path, "/api/v1/%s/{id}/related", t->name);
            json_object_set_new(
                paths, rel_path,
                json_pack("{s:[{s:s,s:s,s:b,s:{s:s}}],s:{s:s,s:s,s:[s],s:{s:{s:s,s:{s:{s:{s:s}}}},"
                          "s:o}}}",
                          "parameters", "name", "id", "in", "path", "required", 1, "schema", "type",
                          "integer", "get", "summary", "the records related to this one",
                          "description",
                          "The declared groups (an agenda, a board's meetings, the records "
                          "tagged to an objective), each with its rows as the caller may see "
                          "them: rows the caller may not open are neither listed nor counted",
                          "tags", t->name, "responses", "200", "description",
                          "the groups in declared order", "content", "application/json", "schema",
                          "$ref", "#/components/schemas/Related", "404",
                          error_response("no such record (or not visible to the caller)")));
        }
    }
    api_routes_doc(r, paths);
    json_object_set_new(
        schemas, "Related",
        json_pack("{s:s,s:{s:{s:s},s:{s:s},s:{s:s,s:{s:s,s:{s:{s:s},s:{s:s},s:{s:s},s:{s:s},"
                  "s:{s:s,s:b},s:{s:s},s:{s:s,s:{s:s}},s:{s:s},s:{s:s,s:{s:s}},s:{s:s}}}}}}",
                  "type", "object", "properties", "type", "type", "string", "id", "type", "integer",
                  "groups", "type", "array", "items", "type", "object", "properties", "heading",
                  "type", "string", "type", "type", "string", "by", "type", "string", "field",
                  "type", "string", "through", "type", "string", "nullable", 1, "numbered", "type",
                  "boolean", "columns", "type", "array", "items", "type", "string", "total", "type",
                  "integer", "states", "type", "object", "additionalProperties", "type", "integer",
                  "data", "type", "array"));
    json_object_set_new(paths, "/api/v1/search", search_path());
    json_object_set_new(
        paths, "/api/v1/attachments/{id}",
        json_pack("{s:[{s:s,s:s,s:b,s:{s:s}}],s:{s:s,s:[s],s:{s:{s:s},s:o,s:o}}}", "parameters",
                  "name", "id", "in", "path", "required", 1, "schema", "type", "integer", "delete",
                  "summary",
                  "take a paper off its record (its file goes when nothing else holds it)", "tags",
                  "attachments", "responses", "204", "description", "removed", "403",
                  error_response("the caller may not change the record's type"), "404",
                  error_response("no such paper (or not visible to the caller)")));
    json_t *doc = json_pack(
        "{s:s,s:{s:s,s:s,s:s},s:[{s:s}],s:o,s:{s:o,s:{s:{s:s,s:s}}},s:[{s:[]}]}", "openapi",
        "3.0.3", "info", "title", "peel API", "version", "1", "description",
        "Records of the Office of the Police and Crime Commissioner. Without a bearer token "
        "the caller is the public and sees published records only.",
        "servers", "url", "/", "paths", paths, "components", "schemas", schemas, "securitySchemes",
        "bearer", "type", "http", "scheme", "bearer", "security", "bearer");
    if (!doc)
        return peel_err_set(err, PEEL_EINTERNAL, "the OpenAPI document could not be built");
    return peel_req_json(r, 200, doc);
}
