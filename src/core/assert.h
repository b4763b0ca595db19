/* assert.h - invariants stated where they hold.
 *
 * PEEL_ASSERT(cond) says what must be true for the code that follows to be
 * right.  In debug and test builds (no NDEBUG) a false condition stops the
 * program at once, printing the file, line and condition on stderr, so a
 * broken invariant is found at the line that knows why.  In release builds
 * it compiles to nothing and the condition is not evaluated: never put work
 * with side effects in it.  For input from outside (files, requests, the
 * database) return a peel_err instead: PEEL_ASSERT is for peel's own bugs.
 */
#ifndef PEEL_CORE_ASSERT_H
#define PEEL_CORE_ASSERT_H

#ifdef NDEBUG
#define PEEL_ASSERT(cond) ((void)sizeof(!(cond)))
#else
#define PEEL_ASSERT(cond) ((cond) ? (void)0 : peel_assert_fail(#cond, __FILE__, __LINE__))
#endif

/* Prints "peel: FILE:LINE: invariant failed: COND" and aborts. */
_Noreturn void peel_assert_fail(const char *cond, const char *file, int line);

#endif
