/* check.c - what must hold before a paper goes out (papers.h): every
 * figure it prints agrees with peel's records or has a reason recorded
 * (the gate the store's check runs when `publish` turns on), and the
 * Panel's resolutions on reports, checked against the paper's model. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/vec.h"
#include "engagement/engagement.h"
#include "figures/figure.h"
#include "papers/papers.h"

/* ---- the gate ---- */

int peel_paper_publish_check(peel_store *s, const peel_record *rec, peel_fielderrs *errs,
                             peel_err *err)
{
    const peel_reader *staff = peel_reader_of(PEEL_ROLE_STAFF);
    peel_paper p;
    peel_paper_figs figs;
    char list[300] = "";
    size_t k = 0, shown = 0;

    if (peel_paper_of(s, staff, rec, &p, err) < 0)
        return -1;
    if (peel_paper_figures(s, staff, &p, &figs, err) < 0) {
        peel_paper_release(&p);
        return -1;
    }
    for (size_t i = 0; figs.blocking && i < figs.n; i++) {
        const peel_paper_fig *f = &figs.v[i];
        if (!peel_paper_fig_blocks(f))
            continue;
        if (shown++ < 3 && k < sizeof list)
            k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", shown > 1 ? ", " : "",
                                  peel_rec_str(f->fig, PEEL_FIG_KEY));
    }
    if (figs.blocking)
        peel_fielderrs_add(errs, peel_type_paper.fields[PEEL_PAPER_PUBLISH].name,
                           "%zu figure%s differ%s or cannot be computed, with no reason recorded "
                           "(%s%s): correct %s or record why %s (figure_reason)",
                           figs.blocking, figs.blocking == 1 ? "" : "s",
                           figs.blocking == 1 ? "s" : "", list, shown > 3 ? ", ..." : "",
                           figs.blocking == 1 ? "it" : "them",
                           figs.blocking == 1 ? "it stands" : "each stands");
    peel_paper_figs_release(&figs);
    peel_paper_release(&p);
    return 0;
}

/* ---- findings ---- */

static int finding(peel_paper_findings *out, const char *rule, bool followed, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int finding(peel_paper_findings *out, const char *rule, bool followed, const char *fmt, ...)
{
    peel_buf b = PEEL_BUF_INIT;
    va_list ap;
    peel_paper_finding *f = peel_vec_push(out);

    if (!f)
        return -1;
    va_start(ap, fmt);
    peel_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    f->rule = strdup(rule);
    f->text = peel_buf_detach(&b);
    f->followed = followed;
    return f->rule && f->text ? 0 : -1;
}

void peel_paper_findings_release(peel_paper_findings *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->v[i].rule);
        free(f->v[i].text);
    }
    peel_vec_release(f);
}

/* ---- acronyms ---- */

/* Words of capitals that are not acronyms a reader needs spelt out. */
static bool plain_word(const char *w, size_t n)
{
    static const char *const plain[] = {"OFFICIAL", "SENSITIVE", "UK", "I",  "II", "III",
                                        "IV",       "A",         "TV", "OK", NULL};
    for (size_t i = 0; plain[i]; i++)
        if (strlen(plain[i]) == n && !memcmp(plain[i], w, n))
            return true;
    return false;
}

typedef struct acro {
    char word[16];
    bool explained;
} acro;

typedef PEEL_VEC(acro) acros;

/* Scans one text: an acronym (2 to 8 capitals, maybe a trailing s) is
 * explained at its first use when it stands in brackets right after words
 * ("Police and Crime Panel (PCP)") or is followed by its words in brackets
 * ("PCP (Police and Crime Panel)"). */
static void scan(const char *text, acros *seen)
{
    const unsigned char *p = (const unsigned char *)text;
    for (size_t i = 0; p[i];) {
        if (!isupper(p[i]) || (i && isalnum(p[i - 1]))) {
            i++;
            continue;
        }
        size_t j = i;
        while (isupper(p[j]))
            j++;
        size_t n = j - i;
        bool word_end = !isalnum(p[j]) || (p[j] == 's' && !isalnum(p[j + 1]));
        if (n < 2 || n > 8 || !word_end || plain_word(text + i, n)) {
            i = j;
            continue;
        }
        bool known = false;
        for (size_t k = 0; k < seen->n; k++)
            if (strlen(seen->v[k].word) == n && !memcmp(seen->v[k].word, text + i, n))
                known = true;
        if (!known) {
            acro *a = peel_vec_push(seen);
            if (!a)
                return;
            memcpy(a->word, text + i, n);
            a->word[n] = '\0';
            size_t e = p[j] == 's' ? j + 1 : j;
            bool bracketed = i > 1 && p[i - 1] == '(' && p[e] == ')';
            bool followed = p[e] == ' ' && p[e + 1] == '(';
            a->explained = bracketed || followed;
        }
        i = j;
    }
}

size_t peel_paper_acronyms_unexplained(const peel_doc *d, char *out, size_t outsz)
{
    acros seen = {0};
    size_t count = 0, k = 0;

    if (outsz)
        out[0] = '\0';
    for (size_t b = 0; b < d->n; b++) {
        const peel_block *bl = &d->v[b];
        if (bl->kind == PEEL_BLOCK_PARA || bl->kind == PEEL_BLOCK_LIST ||
            bl->kind == PEEL_BLOCK_HEADING || bl->kind == PEEL_BLOCK_NOTICE)
            scan(bl->text, &seen);
    }
    for (size_t i = 0; i < seen.n; i++)
        if (!seen.v[i].explained) {
            count++;
            if (k < outsz)
                k += (size_t)snprintf(out + k, outsz - k, "%s%s", count > 1 ? ", " : "",
                                      seen.v[i].word);
        }
    peel_vec_release(&seen);
    return count;
}

/* ---- the rules ---- */

static int check_visits(peel_store *s, const peel_reader *rd, const peel_paper *p, const char *ref,
                        peel_paper_findings *out, peel_err *err)
{
    peel_records eng = {0};
    int64_t from = peel_rec_int(p->rec, PEEL_PAPER_PERIOD_FROM);
    int64_t to = peel_rec_int(p->rec, PEEL_PAPER_PERIOD_TO);
    size_t in = 0, missing = 0;
    char list[200] = "";
    size_t k = 0;

    if (!peel_rec_has(p->rec, PEEL_PAPER_PERIOD_FROM) ||
        !peel_rec_has(p->rec, PEEL_PAPER_PERIOD_TO))
        return finding(out, ref, false, "the paper has no period, so its visits cannot be found");
    if (peel_records_load(s, &peel_type_engagement, &eng, err) < 0)
        return -1;
    for (size_t i = 0; i < eng.n; i++) {
        const peel_record *e = eng.v[i];
        int64_t a = peel_rec_has(e, PEEL_ENG_DATE) ? peel_rec_int(e, PEEL_ENG_DATE)
                                                   : peel_rec_int(e, PEEL_ENG_HELD_FROM);
        int64_t b = peel_rec_has(e, PEEL_ENG_DATE) ? a : peel_rec_int(e, PEEL_ENG_HELD_TO);
        if (!peel_reader_record_visible(rd, e) || !a || a > to || (b ? b : a) < from)
            continue;
        in++;
        if (!*peel_rec_str(e, PEEL_ENG_PLACE) || !*peel_rec_str(e, PEEL_ENG_INITIATED_WHY)) {
            if (missing++ < 3 && k < sizeof list)
                k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", missing > 1 ? ", " : "",
                                      peel_rec_str(e, PEEL_ENG_REF));
        }
    }
    peel_records_free(&eng);
    if (!in)
        return finding(out, ref, true, "no visit is recorded in the paper's period");
    if (!missing)
        return finding(out, ref, true, "all %zu visits in the period have a place and a reason",
                       in);
    return finding(out, ref, false,
                   "%zu of the %zu visits in the period have no place or no reason recorded "
                   "(%s%s)",
                   missing, in, list, missing > 3 ? ", ..." : "");
}

static int check_graphs(const peel_doc *d, const char *ref, peel_paper_findings *out)
{
    size_t charts = 0, bare = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].kind == PEEL_BLOCK_FIGURE) {
            charts++;
            const peel_chart *c = d->v[i].chart;
            if (!*d->v[i].text || !c || !c->title || !*c->title)
                bare++;
        }
    if (!charts)
        return finding(out, ref, true, "the paper has no graph");
    if (!bare)
        return finding(out, ref, true, "all %zu graphs have a title and a caption", charts);
    return finding(out, ref, false, "%zu of %zu graphs have no title or no caption", bare, charts);
}

int peel_paper_rules(peel_store *s, const peel_reader *rd, const peel_paper *p, const peel_doc *d,
                     peel_paper_findings *out, peel_err *err)
{
    peel_records rules = {0};
    int rc = 0;

    memset(out, 0, sizeof *out);
    if (peel_records_load(s, &peel_type_report_rule, &rules, err) < 0)
        return -1;
    for (size_t i = 0; rc == 0 && i < rules.n; i++) {
        const peel_record *r = rules.v[i];
        const char *ref = peel_rec_str(r, PEEL_RRULE_REF);
        char words[300];
        if (!peel_reader_record_visible(rd, r))
            continue;
        switch (peel_rrule_of(r)) {
        case PEEL_RRULE_VISITS:
            rc = check_visits(s, rd, p, ref, out, err);
            break;
        case PEEL_RRULE_ACRONYMS: {
            size_t n = peel_paper_acronyms_unexplained(d, words, sizeof words);
            rc = n ? finding(out, ref, false,
                             "%zu acronym%s used without the words in full at first use: %s", n,
                             n == 1 ? " is" : "s are", words)
                   : finding(out, ref, true, "every acronym is spelt out at its first use");
            break;
        }
        case PEEL_RRULE_GRAPHS:
            rc = check_graphs(d, ref, out);
            break;
        default:
            rc = finding(out, ref, true, "recorded; peel does not check it");
            break;
        }
        if (rc < 0 && !err->code)
            peel_err_set(err, PEEL_ENOMEM, "out of memory checking the Panel's rules");
    }
    peel_records_free(&rules);
    if (rc < 0)
        peel_paper_findings_release(out);
    return rc;
}
