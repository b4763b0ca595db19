/* module_docs.c - papers and search: files attached to the records of the
 * types that declare attachments (model/attach.h), and one search over
 * records and papers for each reader (model/search.h).  Its tables
 * (attachment, search_fts) are the store's (store/docs_db.h); its pages are
 * src/web/attachments.c; its commands src/cli/cmd_docs.c. */
#include "app/module.h"

const peel_module peel_module_docs = {
    .name = "docs",
    .summary = "papers attached to records, and search over records and papers",
    .cmds = peel_cmds_docs,
    .routes = peel_routes_docs,
};
