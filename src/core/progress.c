/* progress.c - the terminal progress bar of long imports (progress.h). */
#include "core/progress.h"

static double secs(struct timespec a, struct timespec b)
{
    return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

void peel_progress_start(peel_progress *p, FILE *out, uint64_t total_bytes)
{
    *p = (peel_progress){.out = out, .total_bytes = total_bytes};
    clock_gettime(CLOCK_MONOTONIC, &p->start);
    p->last = p->start;
}

void peel_progress_draw(peel_progress *p, uint64_t file_bytes, bool force)
{
    struct timespec now;
    if (!p->out)
        return;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!force && p->drawn && secs(p->last, now) < 0.2)
        return; /* the first call draws at once: a short import still shows it ran */
    p->last = now;
    double t = secs(p->start, now), done = (double)(p->done_bytes + file_bytes);
    double rate = t > 0 ? done / t : 0;
    if (p->total_bytes) {
        double left = rate > 0 ? ((double)p->total_bytes - done) / rate : 0;
        int width = 24, fill = (int)(done * width / (double)p->total_bytes);
        char bar[32];
        for (int i = 0; i < width; i++)
            bar[i] = i < fill ? '#' : '.';
        bar[width] = 0;
        fprintf(p->out, "\r[%s] %lld rows  %.1f MB/s  %.0f s left   ", bar, (long long)p->rows,
                rate / 1e6, left < 0 ? 0 : left);
    } else {
        fprintf(p->out, "\r%lld rows  %.1f MB/s   ", (long long)p->rows, rate / 1e6);
    }
    fflush(p->out);
    p->drawn = true;
}

void peel_progress_end(peel_progress *p)
{
    if (p->out && p->drawn) {
        fprintf(p->out, "\r%60s\r", "");
        fflush(p->out);
    }
}
