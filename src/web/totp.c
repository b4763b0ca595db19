/* totp.c - RFC 6238 codes (totp.h). */
#include "web/totp.h"

#include <nettle/hmac.h>
#include <sodium.h>
#include <string.h>

uint32_t peel_totp_code(const unsigned char *key, size_t keylen, uint64_t step, unsigned digits)
{
    struct hmac_sha1_ctx ctx;
    unsigned char msg[8], mac[SHA1_DIGEST_SIZE];
    uint32_t bin, mod = 1;
    unsigned off;

    for (int i = 7; i >= 0; i--, step >>= 8)
        msg[i] = (unsigned char)(step & 0xff);
    hmac_sha1_set_key(&ctx, keylen, key);
    hmac_sha1_update(&ctx, sizeof msg, msg);
    hmac_sha1_digest(&ctx, sizeof mac, mac);
    /* RFC 4226 5.3: dynamic truncation. */
    off = mac[SHA1_DIGEST_SIZE - 1] & 0x0f;
    bin = (uint32_t)(mac[off] & 0x7f) << 24 | (uint32_t)mac[off + 1] << 16 |
          (uint32_t)mac[off + 2] << 8 | mac[off + 3];
    for (unsigned i = 0; i < digits; i++)
        mod *= 10;
    sodium_memzero(&ctx, sizeof ctx);
    return bin % mod;
}

bool peel_totp_verify(const unsigned char *key, size_t keylen, int64_t now, const char *code,
                      int64_t last_step, int64_t *step)
{
    uint32_t want = 0;
    int64_t at = now / PEEL_TOTP_STEP;
    bool ok = false;

    if (!code || strlen(code) != PEEL_TOTP_DIGITS)
        return false;
    for (int i = 0; i < PEEL_TOTP_DIGITS; i++) {
        if (code[i] < '0' || code[i] > '9')
            return false;
        want = want * 10 + (uint32_t)(code[i] - '0');
    }
    /* Every candidate is computed, so the time taken says nothing. */
    for (int64_t s = at - 1; s <= at + 1; s++) {
        uint32_t got = peel_totp_code(key, keylen, (uint64_t)s, PEEL_TOTP_DIGITS);
        if (s > last_step && got == want && !ok) {
            ok = true;
            *step = s;
        }
    }
    return ok;
}

void peel_totp_base32(const unsigned char *in, size_t n, char *out)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    uint32_t acc = 0;
    int bits = 0;
    size_t k = 0;

    for (size_t i = 0; i < n; i++) {
        acc = acc << 8 | in[i];
        bits += 8;
        while (bits >= 5) {
            out[k++] = alphabet[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out[k++] = alphabet[(acc << (5 - bits)) & 31];
    out[k] = '\0';
}
