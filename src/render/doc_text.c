/* doc_text.c - a report's content model as plain text for the terminal
 * (see doc.h).  Tables are cells between " | "; a figure is its caption,
 * its source and its chart's figures, one per line. */
#include "render/doc.h"

static void text_table(peel_buf *out, const peel_doc_table *t)
{
    if (!t)
        return;
    if (t->caption)
        peel_buf_printf(out, "%s\n", t->caption);
    for (size_t i = 0; i < t->nrows; i++) {
        for (size_t c = 0; c < t->ncols; c++)
            peel_buf_printf(out, "%s%s", c ? " | " : "", t->cells[i * t->ncols + c]);
        peel_buf_putc(out, '\n');
    }
}

static void text_figure(peel_buf *out, const peel_block *b)
{
    const peel_chart *c = b->chart;
    peel_buf_printf(out, "Figure: %s\n", b->text);
    for (size_t i = 0; c && i < c->n; i++) {
        if (c->have[i])
            peel_buf_printf(out, "  %s: %g\n", c->labels[i] ? c->labels[i] : "", c->values[i]);
        else
            peel_buf_printf(out, "  %s: no data\n", c->labels[i] ? c->labels[i] : "");
    }
    for (size_t k = 0; c && k < c->nrefs; k++)
        peel_buf_printf(out, "  %s: %g\n", c->refs[k].label, c->refs[k].value);
    if (b->label && *b->label)
        peel_buf_printf(out, "Source: %s\n", b->label);
}

int peel_doc_text(const peel_doc *d, peel_buf *out)
{
    for (size_t i = 0; i < d->n; i++) {
        const peel_block *b = &d->v[i];
        switch (b->kind) {
        case PEEL_BLOCK_TITLE:
            peel_buf_printf(out, "%s\n\n", b->text);
            break;
        case PEEL_BLOCK_HEADING:
            peel_buf_printf(out, "\n%s%s\n",
                            b->level <= 1   ? "== "
                            : b->level == 2 ? "-- "
                                            : "",
                            b->text);
            break;
        case PEEL_BLOCK_PARA:
            peel_buf_printf(out, "%s\n", b->text);
            break;
        case PEEL_BLOCK_FIELD:
            peel_buf_printf(out, "%s: %s\n", b->label, b->text);
            break;
        case PEEL_BLOCK_NOTICE:
            peel_buf_printf(out, "[%s]\n", b->text);
            break;
        case PEEL_BLOCK_LIST:
            peel_buf_printf(out, "  * %s\n", b->text);
            break;
        case PEEL_BLOCK_TABLE:
            text_table(out, b->table);
            break;
        case PEEL_BLOCK_FIGURE:
            text_figure(out, b);
            break;
        }
    }
    return out->failed ? -1 : 0;
}
