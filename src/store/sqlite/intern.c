/* intern.c - the importer's string-to-id cache (see intern.h).
 *
 * Open addressing with linear probing and FNV-1a hashes; keys live in one
 * growing arena addressed by offset, so clearing is O(slots) and there is one
 * allocation to free.  Slots hold the hash so most misses never touch keys.
 */
#include "store/sqlite/intern.h"

#include <stdlib.h>
#include <string.h>

struct peel_crime_intern_slot {
    uint64_t hash; /* 0: empty */
    size_t off, n;
    int64_t id;
};

/* Eight bytes at a time, multiply-xorshift mixing: keys are 10-100 bytes
 * and every row of an import hashes several. */
static uint64_t hash_of(const void *key, size_t n)
{
    const unsigned char *p = key;
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (uint64_t)n, w;
    for (; n >= 8; n -= 8, p += 8) {
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, p, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    return h ? h : 1;
}

void peel_crime_intern_init(peel_crime_intern *m, size_t max)
{
    memset(m, 0, sizeof *m);
    m->max = max ? max : 1;
}

void peel_crime_intern_release(peel_crime_intern *m)
{
    free(m->slots);
    free(m->arena);
    size_t max = m->max;
    memset(m, 0, sizeof *m);
    m->max = max;
}

void peel_crime_intern_clear(peel_crime_intern *m)
{
    if (m->slots)
        memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->n = 0;
    m->arena_len = 0;
}

bool peel_crime_intern_get(const peel_crime_intern *m, const void *key, size_t n, int64_t *id)
{
    if (!m->cap)
        return false;
    uint64_t h = hash_of(key, n);
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        const struct peel_crime_intern_slot *s = &m->slots[i];
        if (!s->hash)
            return false;
        if (s->hash == h && s->n == n && !memcmp(m->arena + s->off, key, n)) {
            *id = s->id;
            return true;
        }
    }
}

static int grow(peel_crime_intern *m)
{
    size_t cap = m->cap ? m->cap * 2 : 256;
    struct peel_crime_intern_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].hash)
            continue;
        size_t j = m->slots[i].hash & (cap - 1);
        while (slots[j].hash)
            j = (j + 1) & (cap - 1);
        slots[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return 0;
}

int peel_crime_intern_put(peel_crime_intern *m, const void *key, size_t n, int64_t id)
{
    if (m->n >= m->max)
        peel_crime_intern_clear(m);
    if ((m->n + 1) * 2 > m->cap && grow(m) < 0)
        return -1;
    if (m->arena_len + n + 1 > m->arena_cap) {
        size_t cap = m->arena_cap ? m->arena_cap * 2 : 4096;
        while (cap < m->arena_len + n + 1)
            cap *= 2;
        char *a = realloc(m->arena, cap);
        if (!a)
            return -1;
        m->arena = a;
        m->arena_cap = cap;
    }
    if (n)
        memcpy(m->arena + m->arena_len, key, n);
    uint64_t h = hash_of(key, n);
    size_t i = h & (m->cap - 1);
    while (m->slots[i].hash)
        i = (i + 1) & (m->cap - 1);
    m->slots[i] = (struct peel_crime_intern_slot){h, m->arena_len, n, id};
    m->arena_len += n;
    m->n++;
    return 0;
}
