/* cmd_web.c - the web application's commands: serve (run the server), user
 * (add, passwd, list accounts) and token (create an API token).  Passwords
 * are read from standard input, never from the command line, so they do not
 * show in process lists or shell history. */
#include <arpa/inet.h>
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

static int cmd_serve(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    peel_web_config c;
    peel_store *s = NULL;
    long long threads = 0, minutes = 0, upload_mb = 0, attach_mb = 0, max_conns = 0, per_addr = 0;
    long long header_s = 0, body_s = 0;
    const char *proxy_arg = NULL;
    bool no_log = false;
    const peel_opt opts[] = {
        PEEL_OPTION("--listen", PEEL_OPT_STRING, &c.listen, "HOST:PORT"),
        PEEL_OPTION("--secure-cookies", PEEL_OPT_FLAG, &c.secure_cookies, NULL),
        PEEL_OPTION("--trusted-proxy", PEEL_OPT_STRING, &proxy_arg, "an IP address"),
        PEEL_OPTION("--upload-dir", PEEL_OPT_STRING, &c.upload_dir, "a folder"),
        PEEL_OPTION("--admin-second-factor", PEEL_OPT_FLAG, &c.admin_second_factor, NULL),
        PEEL_OPTION_INT("--max-conns", &max_conns, "a number from 16 to 100000", 16, 100000),
        PEEL_OPTION_INT("--max-conns-per-addr", &per_addr, "a number from 1 to 100000", 1, 100000),
        PEEL_OPTION_INT("--header-seconds", &header_s, "seconds, 1 to 600", 1, 600),
        PEEL_OPTION_INT("--body-seconds", &body_s, "seconds, 1 to 3600", 1, 3600),
        PEEL_OPTION("--no-access-log", PEEL_OPT_FLAG, &no_log, NULL),
        PEEL_OPTION_INT("--threads", &threads, "a number from 1 to 64", 1, 64),
        PEEL_OPTION_INT("--session-minutes", &minutes, "minutes, 1 to 1440", 1, 24 * 60),
        PEEL_OPTION_INT("--max-upload-mb", &upload_mb, "megabytes, 1 to 1024", 1, 1024),
        PEEL_OPTION_INT("--max-attach-mb", &attach_mb, "megabytes, 1 to 1024", 1, 1024),
        PEEL_OPTION_END,
    };

    peel_web_config_defaults(&c);
    /* main.c has started the modules; the server needs their pages too. */
    if (peel_app_init(err) < 0)
        return -1;
    peel_app_web_config(&c);
    c.db_path = cli->db_path;
    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (proxy_arg) {
        static char proxy[INET6_ADDRSTRLEN];
        unsigned char bin[16];
        int af = strchr(proxy_arg, ':') ? AF_INET6 : AF_INET;
        if (inet_pton(af, proxy_arg, bin) != 1 || !inet_ntop(af, bin, proxy, sizeof proxy))
            return peel_err_set(err, PEEL_EINPUT, "--trusted-proxy: '%s' is not an IP address",
                                proxy_arg);
        c.trusted_proxy = proxy;
    }
    if (no_log)
        c.access_log = false;
    if (threads)
        c.threads = (unsigned)threads;
    if (minutes)
        c.session_idle = minutes * 60;
    if (upload_mb)
        c.max_upload = (size_t)upload_mb << 20;
    if (attach_mb)
        c.max_attach = (size_t)attach_mb << 20;
    if (max_conns)
        c.max_conns = (unsigned)max_conns;
    if (per_addr)
        c.max_conns_per_addr = (unsigned)per_addr;
    if (header_s)
        c.header_timeout = (unsigned)header_s;
    if (body_s)
        c.body_timeout = (unsigned)body_s;
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
    int npos = 0, rc;
    const peel_opt user_opts[] = {
        PEEL_OPTION("--role", PEEL_OPT_STRING, &role, "admin, staff or panel"),
        PEEL_OPTION_END,
    };

    if (!strcmp(sub, "list")) {
        const peel_type *t = peel_type_find("user");
        user_list_ctx c = {peel_type_field_index(t, "role"), peel_type_field_index(t, "active")};
        peel_query q = {.type = t, .order = peel_type_field(t, "name")};
        return peel_store_select(cli->store, &q, user_row, &c, err);
    }
    if (!strcmp(sub, "totp")) {
        peel_buf uri = PEEL_BUF_INIT;
        if (argc != 3 || argv[2][0] == '-')
            return peel_err_set(err, PEEL_EINPUT, "usage: peel user totp NAME");
        rc = peel_auth_totp_enrol(cli->store, cli->user, argv[2], &uri, err);
        if (rc == 0) {
            const char *sec = strstr(peel_buf_str(&uri), "secret=");
            printf("%s\n", peel_buf_str(&uri));
            if (!cli->quiet)
                fprintf(stderr,
                        "Add this to an authenticator app (as a QR code of the line above, "
                        "or the secret %.32s typed in).\nIt is shown once: peel will ask "
                        "%s for its code at every sign-in.\n",
                        sec ? sec + 7 : "", argv[2]);
        }
        peel_buf_release(&uri);
        return rc;
    }
    if (strcmp(sub, "add") != 0 && strcmp(sub, "passwd") != 0)
        return peel_err_set(err, PEEL_EINPUT,
                            "usage: peel user add|passwd|totp|list (see "
                            "'peel user --help')");
    if (peel_cli_parse_sub(argc, argv, user_opts, &npos, err) < 0)
        return -1;
    if (npos > 1)
        return peel_err_set(err, PEEL_EINPUT,
                            "unexpected argument '%s' (see 'peel user "
                            "--help')",
                            argv[3]);
    name = npos ? argv[2] : NULL;
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
    int npos = 0;
    const peel_opt opts[] = {
        PEEL_OPTION("--label", PEEL_OPT_STRING, &label, "text"),
        PEEL_OPTION_END,
    };

    if (argc < 2 || strcmp(argv[1], "add") != 0)
        return peel_err_set(err, PEEL_EINPUT, "usage: peel token add USER [--label TEXT]");
    if (peel_cli_parse_sub(argc, argv, opts, &npos, err) < 0)
        return -1;
    if (npos > 1)
        return peel_err_set(err, PEEL_EINPUT, "unexpected argument '%s'", argv[3]);
    name = npos ? argv[2] : NULL;
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
     "  --secure-cookies       the site is served over HTTPS (behind TLS): cookies\n"
     "                         are Secure and named with the __Host- prefix\n"
     "  --trusted-proxy ADDR   the reverse proxy at ADDR: its last X-Forwarded-For\n"
     "                         entry is the client's address (for sign-in throttles\n"
     "                         and the log) and X-Forwarded-Proto https means HTTPS;\n"
     "                         without it those headers are ignored\n"
     "  --threads N            requests worked on at once, each with its own database\n"
     "                         connection (default: 4 per CPU, at least 8)\n"
     "  --session-minutes N    sign out after N minutes without a request (default 30)\n"
     "  --max-upload-mb N      largest CSV upload (default 32); only someone allowed\n"
     "                         to change the type may send one, and it is spooled\n"
     "                         to an unlinked file, never held in memory\n"
     "  --max-attach-mb N      largest paper attached to a record (default 50), checked\n"
     "                         as it arrives, before anything is stored\n"
     "  --admin-second-factor  admin accounts sign in only with a second factor\n"
     "                         ('peel user totp NAME' enrols one)\n"
     "  --upload-dir DIR       where uploads are spooled (default $TMPDIR or /tmp)\n"
     "  --max-conns N          connections open at once (default 1024)\n"
     "  --max-conns-per-addr N connections from one address (default 64; the\n"
     "                         trusted proxy is not capped)\n"
     "  --header-seconds N     time to send a request's headers, from connecting or\n"
     "                         the last answer (default 10)\n"
     "  --body-seconds N       time to send its body, after the headers (default 60;\n"
     "                         raise it for large uploads over slow links)\n"
     "  --no-access-log        no per-request log lines\n",
     PEEL_CMD_NO_STORE, cmd_serve},
    {"user", "user add NAME --role admin|staff|panel | passwd NAME | totp NAME | list",
     "manage the accounts that sign in",
     "The password is read from standard input (asked twice on a terminal), never\n"
     "taken from the command line, and stored as an argon2id hash.  A new password\n"
     "ends the account's sessions.\n\n"
     "'totp NAME' enrols the account in a second factor (RFC 6238: 6 digits every\n"
     "30 s, as authenticator apps show): it prints the otpauth:// URI with the\n"
     "secret once, and from then on sign-in asks for the code after the password.\n"
     "Admin accounts should be enrolled.  Run it again to replace a lost secret.\n",
     PEEL_CMD_STORE, cmd_user},
    {"token", "token add USER [--label TEXT]", "create an API token for an account",
     "Prints a new bearer token for the JSON API once; peel keeps only its hash.\n", PEEL_CMD_STORE,
     cmd_token},
    {NULL, NULL, NULL, NULL, 0, NULL},
};
