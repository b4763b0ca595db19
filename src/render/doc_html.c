/* doc_html.c - a report's content model as HTML (see doc.h): a whole
 * standalone document with its own style (peel_doc_html) or the blocks alone
 * for a page with its own layout (peel_doc_html_body).  Everything goes
 * through render/html.h, the one escaping builder; charts through svg.h. */
#include <string.h>

#include "render/doc.h"
#include "render/html.h"
#include "render/svg.h"

/* Text with blank-line-separated paragraphs: one <p> each (class "notice"
 * for a notice), single newlines as <br>; `tag` marks the first as
 * OFFICIAL-SENSITIVE. */
static void html_paras(peel_buf *out, bool notice, const char *label, const char *text, bool tag)
{
    const char *p = text;
    bool first = true;
    do {
        const char *end = strstr(p, "\n\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (notice)
            peel_html_lit(out, "<p class=\"notice\">");
        else
            peel_html_lit(out, "<p>");
        if (first && tag)
            peel_html_lit(out, "<strong class=\"tag tag--sensitive\">OFFICIAL-SENSITIVE</strong> ");
        if (first && label)
            peel_html(out, "<strong>%s:</strong> ", label);
        while (n) {
            const char *nl = memchr(p, '\n', n);
            size_t k = nl ? (size_t)(nl - p) : n;
            peel_html_textn(out, p, k);
            if (!nl)
                break;
            peel_html_lit(out, "<br>");
            p += k + 1;
            n -= k + 1;
        }
        peel_html_lit(out, "</p>\n");
        first = false;
        p = end ? end + 2 : NULL;
    } while (p);
}

/* A table: caption, header rows (scope="col") in <thead>, the rest in
 * <tbody> with the first cell a row header (scope="row") when asked. */
static void html_table(peel_buf *out, const peel_doc_table *t, bool tag)
{
    if (!t)
        return;
    /* a region with a name that takes focus: a table wider than a phone
     * scrolls inside it, by keyboard too */
    peel_html(
        out, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\"><table>\n",
        t->caption ? t->caption : "Table");
    if (t->caption || tag) {
        peel_html_lit(out, "<caption>");
        if (tag)
            peel_html_lit(out, "<strong class=\"tag tag--sensitive\">OFFICIAL-SENSITIVE"
                               "</strong> ");
        peel_html(out, "%s</caption>\n", t->caption ? t->caption : "");
    }
    for (size_t i = 0; i < t->nrows; i++) {
        bool head = i < t->head_rows;
        if (i == 0 && head)
            peel_html_lit(out, "<thead>\n");
        if (i == t->head_rows)
            peel_html_lit(out, "<tbody>\n");
        peel_html_lit(out, "<tr>");
        for (size_t c = 0; c < t->ncols; c++) {
            const char *v = t->cells[i * t->ncols + c];
            bool num = t->numeric && t->numeric[c];
            if (head)
                peel_html(out, "<th scope=\"col\">%s</th>", v);
            else if (c == 0 && t->row_headers)
                peel_html(out, "<th scope=\"row\">%s</th>", v);
            else if (num)
                peel_html(out, "<td class=\"num\">%s</td>", v);
            else
                peel_html(out, "<td>%s</td>", v);
        }
        peel_html_lit(out, "</tr>\n");
        if (head && i + 1 == t->head_rows)
            peel_html_lit(out, "</thead>\n");
    }
    if (t->nrows > t->head_rows)
        peel_html_lit(out, "</tbody>\n");
    peel_html_lit(out, "</table></div>\n");
}

/* The blocks; `tags` marks sensitive blocks for a page without the
 * document's own notice (the web's). */
static int html_blocks(const peel_doc *d, peel_buf *out, bool tags)
{
    bool in_list = false;

    for (size_t i = 0; i < d->n; i++) {
        const peel_block *b = &d->v[i];
        bool tag = tags && b->sensitive;
        if (in_list && b->kind != PEEL_BLOCK_LIST) {
            peel_html_lit(out, "</ul>\n");
            in_list = false;
        }
        switch (b->kind) {
        case PEEL_BLOCK_TITLE:
            peel_html(out, "<h1>%s</h1>\n", b->text);
            break;
        case PEEL_BLOCK_HEADING: {
            int h = b->level < 1 ? 2 : b->level > 3 ? 4 : b->level + 1;
            peel_html(out, "<h%d>%s", h, b->text);
            if (tag)
                peel_html_lit(out, " <strong class=\"tag tag--sensitive\">OFFICIAL-SENSITIVE"
                                   "</strong>");
            peel_html(out, "</h%d>\n", h);
            break;
        }
        case PEEL_BLOCK_PARA:
            html_paras(out, false, NULL, b->text, false);
            break;
        case PEEL_BLOCK_FIELD:
            html_paras(out, false, b->label, b->text, false);
            break;
        case PEEL_BLOCK_NOTICE:
            html_paras(out, true, NULL, b->text, false);
            break;
        case PEEL_BLOCK_LIST:
            if (!in_list) {
                peel_html_lit(out, "<ul>\n");
                in_list = true;
            }
            if (b->css)
                peel_html(out, "<li class=\"%s\">", b->css);
            else
                peel_html_lit(out, "<li>");
            if (tag)
                peel_html_lit(out, "<strong class=\"tag tag--sensitive\">OFFICIAL-SENSITIVE"
                                   "</strong> ");
            peel_html(out, "%s</li>\n", b->text);
            break;
        case PEEL_BLOCK_TABLE:
            html_table(out, b->table, tag);
            break;
        case PEEL_BLOCK_FIGURE:
            /* the chart in a focusable region that may scroll sideways,
             * named by the caption, so a phone can keep its text readable */
            peel_html_lit(out, "<figure>\n");
            if (b->chart) {
                peel_html(out,
                          "<div class=\"chart-scroll\" role=\"region\" tabindex=\"0\" "
                          "aria-label=\"%s\">\n",
                          b->text ? b->text : "Chart");
                peel_svg_chart(out, b->chart);
                peel_html_lit(out, "</div>\n");
            }
            peel_html_lit(out, "<figcaption>");
            if (tag)
                peel_html_lit(out, "<strong class=\"tag tag--sensitive\">OFFICIAL-SENSITIVE"
                                   "</strong> ");
            peel_html(out, "%s", b->text);
            if (b->label && *b->label)
                peel_html(out, " <span class=\"source\">Source: %s</span>", b->label);
            peel_html_lit(out, "</figcaption>\n</figure>\n");
            break;
        }
    }
    if (in_list)
        peel_html_lit(out, "</ul>\n");
    return out->failed ? -1 : 0;
}

int peel_doc_html_body(const peel_doc *d, peel_buf *out)
{
    return html_blocks(d, out, true);
}

int peel_doc_html(const peel_doc *d, peel_buf *out)
{
    const char *title = d->n && d->v[0].kind == PEEL_BLOCK_TITLE ? d->v[0].text : "Report";

    peel_html(out,
              "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              "<title>%s</title>\n",
              title);
    peel_html_lit(out,
                  "<style>\n"
                  "body{font-family:Arial,Helvetica,sans-serif;max-width:52em;margin:2em auto;"
                  "padding:0 1em;line-height:1.45;color:#111}\n"
                  "h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:1px solid #999;"
                  "margin-top:2em}h3{font-size:1.1em;margin-top:1.5em}h4{font-size:1em}\n"
                  ".notice{border-left:4px solid #555;padding:.3em .8em;background:#f2f2f2}\n"
                  ".rag-red{border-left:6px solid #b10e1e;padding-left:.4em}\n"
                  ".rag-amber{border-left:6px solid #f47738;padding-left:.4em}\n"
                  ".rag-green{border-left:6px solid #00703c;padding-left:.4em}\n"
                  ".tag--sensitive{background:#8a1538;color:#fff;padding:0 .3em}\n"
                  ".table-wrap{overflow-x:auto;max-width:100%}\n"
                  "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em;"
                  "text-align:left}td.num{text-align:right}caption{text-align:left;"
                  "font-weight:bold}\nfigure{margin:1em 0}svg{max-width:100%;height:auto}"
                  ".source{color:#505a5f}\n</style>\n</head>\n<body>\n");
    html_blocks(d, out, d->sensitive);
    peel_html_lit(out, "</body>\n</html>\n");
    return out->failed ? -1 : 0;
}
