/* pack.h - a meeting's agenda pack: the agenda, then each item's papers in
 * agenda order, as one PDF with bookmarks (pack.pdf), one PDF per paper
 * with a stable name (NN-KEY.pdf, 00-agenda.pdf), and a zip of those with a
 * manifest for the council's committee system.  Built for a reader: a
 * paper, item or meeting it may not open is not in the pack. */
#ifndef PEEL_PAPERS_PACK_H
#define PEEL_PAPERS_PACK_H

#include <stddef.h>

#include "core/err.h"
#include "model/reader.h"
#include "render/doc.h"
#include "store/store.h"

typedef struct peel_pack_result {
    char *pdf, *zip; /* the paths written */
    size_t items;    /* agenda items */
    size_t papers;   /* papers in the pack */
} peel_pack_result;

/* The agenda of meeting (key or id) for rd, as a model. */
int peel_pack_agenda(peel_store *s, const peel_reader *rd, const char *meeting, peel_doc *out,
                     peel_err *err);
/* Writes the pack of meeting for rd into directory dir (created if missing). */
int peel_pack_write(peel_store *s, const peel_reader *rd, const char *meeting, const char *dir,
                    peel_pack_result *out, peel_err *err);
/* Attaches the written pack.pdf to the meeting as its agenda pack. */
int peel_pack_attach(peel_store *s, const char *user, const char *meeting,
                     const peel_pack_result *res, peel_err *err);
void peel_pack_result_release(peel_pack_result *r);

#endif
