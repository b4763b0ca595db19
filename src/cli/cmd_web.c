/* cmd_web.c - the web application's commands: serve (run the server), user
 * (add, passwd, list accounts) and token (create an API token).  Passwords
 * are read from standard input, never from the command line, so they do not
 * show in process lists or shell history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "app/module.h"
#include "cli/cli.h"
#include "core/str.h"
#include "model/crud.h"
#include "web/auth.h"
#include "web/web.h"

static int uint_arg(const char *opt, const char *s, long long lo, long long hi, long long *out,
                    peel_err *err)
{
    if (!peel_str_to_i64(peel_str_c(s), out) || *out < lo || *out > hi)
        return peel_err_set(err, PEEL_EINPUT, "%s: '%s' is not a number from %lld to %lld", opt,
                            s, lo, hi);
    return 0;
}

static int cmd_serve(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    peel_web_config c;
    peel_store *s = NULL;
    long long n;

    peel_web_config_defaults(&c);
    /* main.c has started the modules; the server needs their pages too. */
    if (peel_app_init(err) < 0)
        return -1;
    peel_app_web_config(&c);
    c.db_path = cli->db_path;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--listen") && v) {
            c.listen = v;
            i++;
        } else if (!strcmp(a, "--secure-cookies")) {
            c.secure_cookies = true;
        } else if (!strcmp(a, "--no-access-log")) {
            c.access_log = false;
        } else if (!strcmp(a, "--threads") && v) {
            if (uint_arg(a, v, 1, 64, &n, err) < 0)
                return -1;
            c.threads = (unsigned)n;
            i++;
        } else if (!strcmp(a, "--session-minutes") && v) {
            if (uint_arg(a, v, 1, 24 * 60, &n, err) < 0)
                return -1;
            c.session_idle = n * 60;
            i++;
        } else if (!strcmp(a, "--max-upload-mb") && v) {
            if (uint_arg(a, v, 1, 1024, &n, err) < 0)
                return -1;
            c.max_upload = (size_t)n << 20;
            i++;
        } else {
            return peel_err_set(err, PEEL_EINPUT, "unexpected argument '%s' (see 'peel serve "
                                                  "--help')", a);
        }
    }
    /* Refuse to serve a database that is missing or not current. */
    if (peel_store_open(c.db_path, false, &s, err) < 0)
        return -1;
    if (peel_store_require_current(s, err) < 0) {
        peel_store_close(s);
        return -1;
    }
    peel_store_close(s);
    return peel_web_serve(&c, err);
}

/* Reads one line from stdin without echo when it is a terminal. */
static int read_password(const char *prompt, char *out, size_t outsz, peel_err *err)
{
    struct termios old, quiet;
    bool tty = isatty(STDIN_FILENO);
    size_t n;

    if (tty) {
        fprintf(stderr, "%s", prompt);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    if (!fgets(out, (int)outsz, stdin))
        out[0] = '\0';
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fprintf(stderr, "\n");
    }
    n = strlen(out);
    while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = '\0';
    if (!n)
        return peel_err_set(err, PEEL_EINPUT, "no password given on standard input");
    if (!peel_utf8_valid(out, n, NULL))
        return peel_err_set(err, PEEL_EINPUT, "the password is not valid UTF-8");
    return 0;
}

static int get_password(char *pw, size_t pwsz, peel_err *err)
{
    char again[1100];
    if (read_password("Password: ", pw, pwsz, err) < 0)
        return -1;
    if (isatty(STDIN_FILENO)) {
        if (read_password("Password again: ", again, sizeof again, err) < 0)
            return -1;
        if (strcmp(pw, again) != 0)
            return peel_err_set(err, PEEL_EINPUT, "the passwords do not match");
    }
    return 0;
}

typedef struct user_list_ctx {
    int role, active;
} user_list_ctx;

static int user_row(void *ctx, const peel_record *r, peel_err *err)
{
    user_list_ctx *c = ctx;
    (void)err;
    printf("%-24s %-8s %s\n", r->v[0].s ? r->v[0].s : "", r->v[c->role].s ? r->v[c->role].s : "",
           c->active >= 0 && r->v[c->active].set && !r->v[c->active].i ? "inactive" : "active");
    return 0;
}

static int cmd_user(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const char *sub = argc > 1 ? argv[1] : "", *name = NULL, *role = NULL;
    char pw[1100];
    int rc;

    if (!strcmp(sub, "list")) {
        const peel_type *t = peel_type_find("user");
        user_list_ctx c = {peel_type_field_index(t, "role"), peel_type_field_index(t, "active")};
        peel_query q = {.type = t, .order = peel_type_field(t, "name")};
        return peel_store_select(cli->store, &q, user_row, &c, err);
    }
    if (strcmp(sub, "add") != 0 && strcmp(sub, "passwd") != 0)
        return peel_err_set(err, PEEL_EINPUT, "usage: peel user add|passwd|list (see 'peel "
                                              "user --help')");
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--role") && i + 1 < argc)
            role = argv[++i];
        else if (argv[i][0] != '-' && !name)
            name = argv[i];
        else
            return peel_err_set(err, PEEL_EINPUT, "unexpected argument '%s' (see 'peel user "
                                                  "--help')", argv[i]);
    }
    if (!name)
        return peel_err_set(err, PEEL_EINPUT, "name the account: peel user %s NAME", sub);
    if (!strcmp(sub, "add") && !role)
        return peel_err_set(err, PEEL_EINPUT, "--role admin|staff|panel is required");
    if (get_password(pw, sizeof pw, err) < 0)
        return -1;
    rc = peel_web_user_set(cli->store, cli->user, name, role, pw, !strcmp(sub, "add"), err);
    memset(pw, 0, sizeof pw);
    if (rc == 0 && !cli->quiet)
        printf("%s: %s\n", name, !strcmp(sub, "add") ? "account created" : "password changed");
    return rc;
}

static int cmd_token(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const char *name = NULL, *label = NULL;
    char tok[64];

    if (argc < 2 || strcmp(argv[1], "add") != 0)
        return peel_err_set(err, PEEL_EINPUT, "usage: peel token add USER [--label TEXT]");
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--label") && i + 1 < argc)
            label = argv[++i];
        else if (argv[i][0] != '-' && !name)
            name = argv[i];
        else
            return peel_err_set(err, PEEL_EINPUT, "unexpected argument '%s'", argv[i]);
    }
    if (!name)
        return peel_err_set(err, PEEL_EINPUT, "name the account: peel token add USER");
    /* As the admin pages do: the token's number and label go into the audit
     * trail, never the token. */
    if (peel_auth_token_create(cli->store, cli->user, name, label, tok, err) < 0)
        return -1;
    printf("%s\n", tok);
    if (!cli->quiet)
        fprintf(stderr, "This token is shown once. Send it as 'Authorization: Bearer %.10s...'.\n",
                tok);
    memset(tok, 0, sizeof tok);
    return 0;
}

const peel_cmd peel_cmds_web[] = {
    {"serve", "serve [--listen HOST:PORT] [--secure-cookies] [--threads N]",
     "run the web application",
     "Serves the pages and the JSON API (/api/v1) until SIGINT or SIGTERM; requests\n"
     "in flight finish first.  One access-log line per request goes to stderr.\n\n"
     "  --listen HOST:PORT     address to listen on (default 127.0.0.1:8080; port 0\n"
     "                         picks a free one, printed on standard output)\n"
     "  --secure-cookies       mark cookies Secure (when served behind TLS)\n"
     "  --threads N            worker threads (default: one per CPU)\n"
     "  --session-minutes N    sign out after N minutes without a request (default 30)\n"
     "  --max-upload-mb N      largest CSV upload (default 32)\n"
     "  --no-access-log        no per-request log lines\n",
     PEEL_CMD_NO_STORE, cmd_serve},
    {"user", "user add NAME --role admin|staff|panel | passwd NAME | list",
     "manage the accounts that sign in",
     "The password is read from standard input (asked twice on a terminal), never\n"
     "taken from the command line, and stored as an argon2id hash.  A new password\n"
     "ends the account's sessions.\n",
     PEEL_CMD_STORE, cmd_user},
    {"token", "token add USER [--label TEXT]", "create an API token for an account",
     "Prints a new bearer token for the JSON API once; peel keeps only its hash.\n",
     PEEL_CMD_STORE, cmd_token},
    {NULL, NULL, NULL, NULL, 0, NULL},
};
