/* records.h - what the record pages (records.c) and the JSON API (api.c)
 * share: finding the type and record a URL names, and turning query
 * parameters into a store query that the classification gate has narrowed. */
#ifndef PEEL_WEB_RECORDS_H
#define PEEL_WEB_RECORDS_H

#include "web/http.h"
#include "web/policy.h"

#define PEEL_LIST_PER_PAGE 50
#define PEEL_LIST_MAX_PER_PAGE 500

typedef struct peel_listq {
    const peel_type *type;
    peel_filter filters[PEEL_REQ_MAX_ARGS + 2 + PEEL_READER_MAX_FILTERS];
    size_t nuser;  /* filters from the query string, from/to included (the rest are the gate's) */
    peel_query q;  /* all matching records, no paging */
    bool upcoming; /* the type's default order, upcoming first: see peel_web_listq_select */
    int64_t page;  /* 1-based */
    int64_t per;
    int64_t total; /* records matching, as the reader may see them */
} peel_listq;

/* The type named by seg, readable by r's role; else answers 404/403 and
 * returns NULL. */
const peel_type *peel_web_type_or_reply(peel_req *r, peel_str seg);
/* The record id in seg, visible to r's role; else answers 404 and returns
 * NULL (also when it exists but is not visible: existence is not revealed). */
peel_record *peel_web_record_or_reply(peel_req *r, const peel_type *t, peel_str seg, peel_err *err);
/* Reads filters (FIELD=VALUE), _sort, _dir, _page, _per.  0 when lq is
 * ready; -1 on failure.  A bad parameter: the API is answered 400 (returns
 * 1); a page has it recorded in r->problems with its field's label
 * (returns 2) and shows its filter form again with them. */
int peel_web_listq_build(peel_req *r, const peel_type *t, peel_listq *lq, peel_err *err);
void peel_web_listq_release(peel_listq *lq);
/* The records of lq's query from offset, at most limit (0: all), in its
 * order: with lq->upcoming, today's and later ones soonest first, then the
 * past most recent first, then those with no date. */
int peel_web_listq_select(peel_store *s, const peel_listq *lq, int64_t limit, int64_t offset,
                          peel_record_cb cb, void *ctx, peel_err *err);

/* A field's value for people as HTML, appended to r->out: a reference links
 * when the reader may open it (records.c). */
int peel_web_cell(peel_req *r, const peel_field *f, const peel_value *v, peel_err *err);
/* The record page's papers (records.c, through attachments.c's
 * peel_web_attachments_section). */
int peel_page_attachments(peel_req *r, const peel_record *rec, peel_err *err);
/* The record's related groups as sections of its page (page_related.c). */
int peel_page_related(peel_req *r, const peel_record *rec, peel_err *err);

#endif
