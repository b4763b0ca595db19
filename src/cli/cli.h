/* cli.h - the `peel` command: a table of commands, each in a cmd_*.c file.
 *
 * main.c parses the global options, finds the command, opens the store when
 * the command needs one, runs it inside one transaction and turns its error
 * value into a message and an exit status (0 ok, 2 invalid input, 1 other).
 */
#ifndef PEEL_CLI_CLI_H
#define PEEL_CLI_CLI_H

#include <stdbool.h>
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

/* Each cmd_*.c exports its table; main.c lists them. */
extern const peel_cmd peel_cmds_db[];      /* init, demo, summary */
extern const peel_cmd peel_cmds_records[]; /* types, list, show, add, set, delete, import, export, history */
extern const peel_cmd peel_cmds_crime[];   /* crime, area */
extern const peel_cmd peel_cmds_register[]; /* actions, calendar, report, hmicfrs */
extern const peel_cmd peel_cmds_web[];     /* serve, user, token */

/* Helpers for commands. */
bool peel_cli_wants_help(int argc, char **argv);
int peel_cli_type_arg(const char *name, const void **type, peel_err *err);
/* Splits "FIELD=VALUE"; false when there is no '='. */
bool peel_cli_split_assign(const char *arg, char *field, size_t fieldsz, const char **value);

#endif
