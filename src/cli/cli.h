/* cli.h - the `peel` command: a table of commands, each in a cmd_*.c file.
 *
 * main.c parses the global options, finds the command, opens the store when
 * the command needs one, runs it inside one transaction and turns its error
 * value into a message and an exit status (0 ok, 2 invalid input, 1 other).
 */
#ifndef PEEL_CLI_CLI_H
#define PEEL_CLI_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "model/reader.h"
#include "store/store.h"

typedef struct peel_cli {
    const char *db_path;
    const char *user;
    peel_store *store; /* open when the command asked for it */
    /* Whose view every list, record, export and report shows: the user's
     * (an OPCC user sees everything), or --as public|panel|staff's. */
    const peel_reader *reader;
    bool quiet;
    bool bom; /* --bom: CSV on standard output starts with a UTF-8 byte-order mark */
} peel_cli;

enum peel_cmd_needs {
    PEEL_CMD_NO_STORE,   /* runs without a database */
    PEEL_CMD_STORE_INIT, /* opens/creates it without the schema check (init) */
    PEEL_CMD_STORE,      /* opens an existing, current database, in one transaction */
    PEEL_CMD_STORE_OWN   /* opens and checks it for one thread; the command runs its own
                          * transaction (a bulk load choosing its journal mode) */
};

typedef struct peel_cmd {
    const char *name;
    const char *usage;   /* "list TYPE [--where FIELD=VALUE ...]" */
    const char *summary; /* one line for `peel --help` */
    const char *help;    /* the rest of `peel COMMAND --help` */
    enum peel_cmd_needs needs;
    /* argv[0] is the command name.  Returns 0 or -1 with err set. */
    int (*run)(peel_cli *cli, int argc, char **argv, peel_err *err);
} peel_cmd;

/* Each cmd_*.c exports its table; its module names it (src/app/module.h). */
extern const peel_cmd peel_cmds_db[]; /* init, demo, summary, backup, restore, check, copy */
/* `peel copy` (cmd_copy.c), listed with the other database commands. */
int peel_cli_copy(peel_cli *cli, int argc, char **argv, peel_err *err);
extern const peel_cmd
    peel_cmds_records[]; /* types, list, show, add, set, delete, import, export, history */
extern const peel_cmd peel_cmds_crime[];    /* crime, area */
extern const peel_cmd peel_cmds_register[]; /* actions, calendar, report, hmicfrs */
extern const peel_cmd peel_cmds_web[];      /* serve, user, token */
extern const peel_cmd peel_cmds_docs[];     /* attach, attachments, search */

/* ---- options, declared as tables ----
 *
 * A command lists its options as a table and peel_cli_parse() reads argv
 * against it, so no command compares option names itself and every one
 * answers a bad option, a missing value and a bad value the same way.  A
 * table is built in the command's function (its destinations are the
 * command's locals) and ends with PEEL_OPTION_END.  Values point into argv; nothing
 * is allocated except a LIST's array, which the caller frees
 * (peel_vec_release). */
enum peel_opt_kind {
    PEEL_OPT_FLAG,   /* bool *: set to true */
    PEEL_OPT_STRING, /* const char **: the value */
    PEEL_OPT_LIST,   /* peel_cli_list *: every value, in order (the option repeats) */
    PEEL_OPT_DATE,   /* peel_date *: ISO or UK ("01/04/2023"): peel_date_parse_typed */
    PEEL_OPT_FY,     /* peel_fy *: a financial year, "2023-24" */
    PEEL_OPT_INT,    /* long long *: a whole number from min to max */
    PEEL_OPT_FORMAT  /* enum peel_format *: table, csv or json */
};

typedef struct peel_opt {
    const char *name; /* "--body" */
    enum peel_opt_kind kind;
    void *dest;
    const char *help;   /* what the value is, for "--body needs a value (NAME)" */
    long long min, max; /* PEEL_OPT_INT only */
} peel_opt;

/* Table entries: {name, kind, destination, help}; an INT with its bounds;
 * the end of the table. */
#define PEEL_OPTION(name, kind, dest, help)                                                        \
    {                                                                                              \
        (name), (kind), (dest), (help), 0, 0                                                       \
    }
#define PEEL_OPTION_INT(name, dest, help, lo, hi)                                                  \
    {                                                                                              \
        (name), PEEL_OPT_INT, (dest), (help), (lo), (hi)                                           \
    }
#define PEEL_OPTION_END                                                                            \
    {                                                                                              \
        NULL, PEEL_OPT_FLAG, NULL, NULL, 0, 0                                                      \
    }

/* The output format every listing command takes with --format. */
enum peel_format { PEEL_FORMAT_TABLE, PEEL_FORMAT_CSV, PEEL_FORMAT_JSON };

typedef struct peel_cli_list {
    const char **v;
    size_t n, cap; /* a core/vec.h vector */
} peel_cli_list;

/* A PEEL_OPT_DATE destination not given on the command line keeps whatever
 * it held: set it to PEEL_CLI_NO_DATE first to tell. */
#define PEEL_CLI_NO_DATE INT32_MIN

/* Reads argv[1..argc) against opts.  Arguments that are not options are
 * moved, in order, to argv[1..1+*npos) (npos NULL: none are allowed).  "--"
 * ends the options.  Errors name the option and the command (argv[0]). */
int peel_cli_parse(int argc, char **argv, const peel_opt *opts, int *npos, peel_err *err);
/* The global options before the command ("peel --db X list ..."): reads
 * argv[1..) against opts up to the first argument that is not an option,
 * whose index goes to *cmd (argc when there is none).  Errors name argv[0]. */
int peel_cli_parse_global(int argc, char **argv, const peel_opt *opts, int *cmd, peel_err *err);
/* The same for a subcommand's options, argv[2..) ("peel crime spc ..."):
 * the other arguments go to argv[2..2+*npos), errors name "crime spc". */
int peel_cli_parse_sub(int argc, char **argv, const peel_opt *opts, int *npos, peel_err *err);

/* Helpers for commands. */
/* Called before a command writes CSV to standard output: the byte-order
 * mark when the global --bom asked for it. */
void peel_cli_csv_begin(const peel_cli *cli);
bool peel_cli_wants_help(int argc, char **argv);
int peel_cli_type_arg(const char *name, const void **type, peel_err *err);
/* Splits "FIELD=VALUE"; false when there is no '='. */
bool peel_cli_split_assign(const char *arg, char *field, size_t fieldsz, const char **value);

#endif
