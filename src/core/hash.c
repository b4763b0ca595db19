/* hash.c - the hash table of hash.h.  It began as the crime importer's
 * dimension cache, where every row of a police.uk file hashes several keys,
 * so the hash reads eight bytes at a time and a slot carries the full hash. */
#include "core/hash.h"

#include <stdlib.h>
#include <string.h>

#include "core/assert.h"

/* Multiply-xorshift over eight-byte words: keys are mostly 10-100 bytes. */
uint64_t peel_hash_bytes(const void *key, size_t n)
{
    const unsigned char *p = key;
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (uint64_t)n, w;
    for (; n >= 8; n -= 8, p += 8) {
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    w = 0;
    if (n)
        memcpy(&w, p, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    return h ? h : 1;
}

void peel_hash_init(peel_hash *h)
{
    memset(h, 0, sizeof *h);
}

void peel_hash_release(peel_hash *h)
{
    free(h->slots);
    free(h->keys);
    memset(h, 0, sizeof *h);
}

void peel_hash_clear(peel_hash *h)
{
    if (h->slots)
        memset(h->slots, 0, h->cap * sizeof *h->slots);
    h->n = 0;
    h->keys_len = 0;
}

/* The slot holding key, or the empty slot where it would go. */
static peel_hash_slot *find(const peel_hash *h, uint64_t hv, const void *key, size_t n)
{
    size_t mask = h->cap - 1;
    for (size_t i = hv & mask;; i = (i + 1) & mask) {
        peel_hash_slot *s = &h->slots[i];
        if (!s->hash || (s->hash == hv && s->n == n && !memcmp(h->keys + s->off, key, n)))
            return s;
    }
}

bool peel_hash_get(const peel_hash *h, const void *key, size_t n, int64_t *value)
{
    const peel_hash_slot *s;
    if (!h->n)
        return false;
    s = find(h, peel_hash_bytes(key, n), key, n);
    if (!s->hash)
        return false;
    if (value)
        *value = s->value;
    return true;
}

static int grow(peel_hash *h)
{
    size_t cap = h->cap ? h->cap * 2 : 256;
    peel_hash_slot *slots;
    if (cap > SIZE_MAX / sizeof *slots || !(slots = calloc(cap, sizeof *slots)))
        return -1;
    for (size_t i = 0; i < h->cap; i++) {
        if (!h->slots[i].hash)
            continue;
        size_t j = h->slots[i].hash & (cap - 1);
        while (slots[j].hash)
            j = (j + 1) & (cap - 1);
        slots[j] = h->slots[i];
    }
    free(h->slots);
    h->slots = slots;
    h->cap = cap;
    return 0;
}

static int keep_key(peel_hash *h, const void *key, size_t n)
{
    if (n > SIZE_MAX / 4 - h->keys_len)
        return -1;
    if (h->keys_len + n + 1 > h->keys_cap) {
        size_t cap = h->keys_cap ? h->keys_cap * 2 : 4096;
        char *k;
        while (cap < h->keys_len + n + 1)
            cap *= 2;
        if (!(k = realloc(h->keys, cap)))
            return -1;
        h->keys = k;
        h->keys_cap = cap;
    }
    if (n)
        memcpy(h->keys + h->keys_len, key, n);
    return 0;
}

int64_t *peel_hash_slot_of(peel_hash *h, const void *key, size_t n, bool *added)
{
    uint64_t hv = peel_hash_bytes(key, n);
    peel_hash_slot *s;

    *added = false;
    if ((h->n + 1) * 2 > h->cap && grow(h) < 0)
        return NULL;
    s = find(h, hv, key, n);
    if (s->hash)
        return &s->value;
    if (keep_key(h, key, n) < 0)
        return NULL;
    *s = (peel_hash_slot){hv, h->keys_len, n, 0};
    h->keys_len += n;
    h->n++;
    PEEL_ASSERT(h->n * 2 <= h->cap);
    *added = true;
    return &s->value;
}

int peel_hash_put(peel_hash *h, const void *key, size_t n, int64_t value)
{
    bool added;
    int64_t *v = peel_hash_slot_of(h, key, n, &added);
    if (!v)
        return -1;
    *v = value;
    return 0;
}

bool peel_hash_next(const peel_hash *h, size_t *pos, const char **key, size_t *n, int64_t *value)
{
    for (; *pos < h->cap; (*pos)++) {
        const peel_hash_slot *s = &h->slots[*pos];
        if (!s->hash)
            continue;
        *key = h->keys + s->off;
        *n = s->n;
        if (value)
            *value = s->value;
        (*pos)++;
        return true;
    }
    return false;
}
