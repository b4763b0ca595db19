/* hash.h - the one hash table: byte-string keys to 64-bit integer values
 * (record ids, counts, indexes into an array the caller keeps).
 *
 * The table owns copies of its keys, in one arena of its own, and every slot;
 * peel_hash_release() frees them all.  Zeroed (or after peel_hash_init) it is
 * empty and ready; it allocates on the first put.  Keys may hold any bytes,
 * NULs included.  Open addressing with linear probing, at most half full;
 * each slot keeps its key's hash, so most misses never compare key bytes.
 * Nothing is removed one at a time: peel_hash_clear() forgets everything and
 * keeps the memory, which is what a bounded cache wants.
 */
#ifndef PEEL_CORE_HASH_H
#define PEEL_CORE_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct peel_hash_slot {
    uint64_t hash; /* 0: empty */
    size_t off, n; /* the key's bytes in the arena */
    int64_t value;
} peel_hash_slot;

typedef struct peel_hash {
    peel_hash_slot *slots;
    size_t cap; /* a power of two, or 0 before the first put */
    size_t n;
    char *keys;
    size_t keys_len, keys_cap;
} peel_hash;

void peel_hash_init(peel_hash *h);
void peel_hash_release(peel_hash *h);
/* Forgets every key; keeps the memory for reuse. */
void peel_hash_clear(peel_hash *h);

/* True, and *value when value is not NULL, when key is in the table. */
bool peel_hash_get(const peel_hash *h, const void *key, size_t n, int64_t *value);
/* Sets key's value, adding the key when it is new: 0, or -1 on out of
 * memory (the table unchanged). */
int peel_hash_put(peel_hash *h, const void *key, size_t n, int64_t value);
/* The value of key, added as 0 when new (*added says which); NULL on out of
 * memory.  The pointer is good until the next put or clear. */
int64_t *peel_hash_slot_of(peel_hash *h, const void *key, size_t n, bool *added);

/* Walks every key in no particular order: start *pos at 0; false at the end.
 * The key points into the table (not NUL-terminated) until it changes. */
bool peel_hash_next(const peel_hash *h, size_t *pos, const char **key, size_t *n, int64_t *value);

/* The hash the table uses (never 0), for callers that key other things alike. */
uint64_t peel_hash_bytes(const void *key, size_t n);

#endif
