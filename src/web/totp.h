/* totp.h - time-based one-time passwords (RFC 6238 over RFC 4226's HOTP):
 * HMAC-SHA-1, 30-second steps, the second factor of an enrolled account's
 * sign-in.  HMAC-SHA-1 comes from nettle (libsodium has no SHA-1, and the
 * authenticator apps know no other).  No allocation. */
#ifndef PEEL_WEB_TOTP_H
#define PEEL_WEB_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PEEL_TOTP_SECRET_LEN 20 /* 160 bits, RFC 4226's recommendation */
#define PEEL_TOTP_STEP 30
#define PEEL_TOTP_DIGITS 6

/* The code for a step (unix time / 30), of `digits` digits (6 to 8). */
uint32_t peel_totp_code(const unsigned char *key, size_t keylen, uint64_t step, unsigned digits);
/* Checks a 6-digit code typed at unix time now against the steps one
 * before to one after it (clock drift, typing time) that come after
 * last_step (a code is good once).  true with *step the one it matched. */
bool peel_totp_verify(const unsigned char *key, size_t keylen, int64_t now, const char *code,
                      int64_t last_step, int64_t *step);
/* RFC 4648 base32 of n bytes, no padding, into out (at least n*8/5+2). */
void peel_totp_base32(const unsigned char *in, size_t n, char *out);

#endif
