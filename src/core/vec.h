/* vec.h - the one growable array.
 *
 * A vector is any struct with `v` (the elements), `n` (how many are in use)
 * and `cap` (how many fit): PEEL_VEC(T) declares one in place, and a struct
 * of its own with those three members works the same.  Zeroed, it is empty
 * and ready.  The vector owns `v`; peel_vec_release() frees it, never what
 * the elements point at (the owner frees those first).  Room doubles as it
 * grows, so n pushes cost O(n), and a failed growth leaves the vector as it
 * was.  Elements move when it grows: do not keep pointers across a push.
 */
#ifndef PEEL_CORE_VEC_H
#define PEEL_CORE_VEC_H

#include <stddef.h>
#include <string.h>

#define PEEL_VEC(T)                                                                                \
    struct {                                                                                       \
        T *v;                                                                                      \
        size_t n, cap;                                                                             \
    }

/* Room for `more` elements after the n in use: 0, or -1 on out of memory. */
#define peel_vec_reserve(vec, more)                                                                \
    peel_vec_reserve_(&(vec)->v, &(vec)->cap, (vec)->n, (more), sizeof *(vec)->v)

/* A new zeroed element at the end (n grows by one), or NULL on out of memory. */
#define peel_vec_push(vec)                                                                         \
    (peel_vec_reserve((vec), 1) < 0 ? NULL : memset(&(vec)->v[(vec)->n++], 0, sizeof *(vec)->v))

/* Frees the elements' memory and empties the vector. */
#define peel_vec_release(vec)                                                                      \
    do {                                                                                           \
        free((vec)->v);                                                                            \
        (vec)->v = NULL;                                                                           \
        (vec)->n = (vec)->cap = 0;                                                                 \
    } while (0)

/* vp is the address of the vector's element pointer (any T **). */
int peel_vec_reserve_(void *vp, size_t *cap, size_t n, size_t more, size_t elem);

#endif
