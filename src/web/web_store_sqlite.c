/* web_store_sqlite.c - tables of the web application that are not record
 * types (sessions, API tokens, sign-in attempts): numbered migrations 200-299. */
#include "store/store_sqlite.h"

const peel_migration peel_web_migrations[] = {{0, NULL, NULL}};
