/* vec.c - growth for vec.h's arrays: doubling, with the size checked for
 * overflow before it is computed. */
#include "core/vec.h"

#include <stdint.h>
#include <stdlib.h>

int peel_vec_reserve_(void *vp, size_t *cap, size_t n, size_t more, size_t elem)
{
    void *v, *nv;
    size_t want, ncap;

    if (more > SIZE_MAX - n)
        return -1;
    want = n + more;
    if (want <= *cap)
        return 0;
    ncap = *cap ? *cap : 8;
    while (ncap < want) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / elem)
        return -1;
    /* The element pointer is read and written as bytes, so one function
     * serves every element type without a cast through void **. */
    memcpy(&v, vp, sizeof v);
    if (!(nv = realloc(v, ncap * elem)))
        return -1;
    memcpy(vp, &nv, sizeof nv);
    *cap = ncap;
    return 0;
}
