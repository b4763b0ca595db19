/* common_passwords.c - refuses passwords found in a list of common ones
 * (ASVS 5.0 6.2.4): the word list of Debian's cracklib-runtime,
 * /usr/share/dict/cracklib-small (LGPL-2.1, from cracklib; read at run
 * time, not copied into peel), plus the keyboard walks and digit runs that
 * top every published list of breached passwords but are not words.
 * $PEEL_COMMON_PASSWORDS names another list (one password a line).
 *
 * The list is read once, lowercased, and kept sorted; only entries long
 * enough to pass the length rule are kept, since shorter ones are refused
 * anyway.  The check is case-insensitive: "BasketBall1" is not in the
 * list, "BasketBall" is. */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/auth.h"

#define DEFAULT_LIST "/usr/share/dict/cracklib-small"

static const char *const walks[] = {
    "0123456789", "1234567890",  "0987654321",   "9876543210",    "1111111111",   "0000000000",
    "qwertyuiop", "asdfghjkl;",  "1q2w3e4r5t",   "1qaz2wsx3edc",  "qazwsxedc123", "zaq12wsxcde3",
    "qwerty1234", "qwerty12345", "qwerty123456", "password12",    "password123",  "password1234",
    "password!1", "passw0rd12",  "p@ssw0rd123",  "iloveyou12",    "iloveyou123",  "abcdefghij",
    "abcd123456", "abc1234567",  "1234567890a",  "a1234567890",   "1234qwerasdf", "letmein123",
    "welcome123", "welcome1234", "changeme123",  "administrator", "trustno1234",
};

static char **list;
static size_t nlist;
static const char *list_error;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *lowered(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    for (size_t i = 0; i < n; i++)
        d[i] = (char)tolower((unsigned char)s[i]);
    d[n] = '\0';
    return d;
}

static bool add(const char *s, size_t n, size_t *cap)
{
    if (n < PEEL_PASSWORD_MIN)
        return true;
    if (nlist == *cap) {
        size_t c = *cap ? *cap * 2 : 4096;
        char **g = realloc(list, c * sizeof *g);
        if (!g)
            return false;
        list = g;
        *cap = c;
    }
    return (list[nlist] = lowered(s, n)) != NULL && ++nlist;
}

static void load(void)
{
    const char *path = getenv("PEEL_COMMON_PASSWORDS");
    char line[1100];
    size_t cap = 0;
    FILE *f = fopen(path && *path ? path : DEFAULT_LIST, "r");

    if (!f) {
        list_error = "the list of common passwords (" DEFAULT_LIST
                     ", from the cracklib-runtime package) cannot be read";
        return;
    }
    for (size_t i = 0; i < sizeof walks / sizeof walks[0]; i++)
        if (!add(walks[i], strlen(walks[i]), &cap))
            goto oom;
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");
        if (!add(line, n, &cap))
            goto oom;
    }
    fclose(f);
    qsort(list, nlist, sizeof *list, by_text);
    return;
oom:
    fclose(f);
    list_error = "out of memory reading the list of common passwords";
}

int peel_auth_password_common(const char *password, peel_err *err)
{
    char *key;
    bool found;

    pthread_once(&once, load);
    if (list_error)
        return peel_err_set(err, PEEL_EINTERNAL, "%s", list_error);
    key = lowered(password, strlen(password));
    if (!key)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    found = bsearch(&key, list, nlist, sizeof *list, by_text) != NULL;
    free(key);
    return found;
}
