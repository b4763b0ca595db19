/* model.h - record types declared once, as data.
 *
 * A record type is a static const peel_type: its fields with their kinds,
 * limits, enum values, labels, help and classification.  Everything else is
 * derived from that one declaration by shared code: the SQLite schema and its
 * forward migrations (store), validation with field-level errors (validate.c),
 * CSV import/export (csvio.c), JSON (json.c), the audit trail (record.c), and
 * the web forms and API.  Adding a record type is a declaration plus its name
 * in its module's list of types (src/app/module.h): docs/NEW-RECORD-TYPE.md.
 *
 * Every table also has an integer `id` and `created_at`/`updated_at`, which
 * are not fields of the declaration.
 */
#ifndef PEEL_MODEL_MODEL_H
#define PEEL_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum peel_ftype {
    PEEL_F_TEXT,     /* UTF-8 text; max = longest length in bytes (0: 4000) */
    PEEL_F_INT,      /* whole number in [min, max] when min < max */
    PEEL_F_MONEY,    /* integer pence; text "9974.60" or "£9,974.60" */
    PEEL_F_DATE,     /* ISO date */
    PEEL_F_MONTH,    /* "2023-05" */
    PEEL_F_FY,       /* financial year "2023-24" */
    PEEL_F_ENUM,     /* one of options' values */
    PEEL_F_BOOL,     /* yes/no, true/false, 1/0 */
    PEEL_F_REF,      /* id of a ref_type record; text may name its key */
    PEEL_F_POINT,    /* latitude,longitude (WGS84) */
    PEEL_F_DATETIME, /* "2023-07-26T13:00" (local time, as the papers print) */
    PEEL_F_SECRET    /* stored, never shown, exported or logged (password hashes) */
};

enum peel_class { PEEL_OFFICIAL = 0, PEEL_OFFICIAL_SENSITIVE = 1 };

/* Field flags */
#define PEEL_REQUIRED 0x01u   /* must have a value */
#define PEEL_UNIQUE 0x02u     /* no two records share a value */
#define PEEL_MULTILINE 0x04u  /* long text: a textarea in forms */
#define PEEL_READONLY 0x08u   /* set by peel, not by users */
#define PEEL_CLASSIFIES 0x10u /* ENUM of peel_class_options: this record's classification */
#define PEEL_PUBLISHES 0x20u  /* BOOL: the record may be shown to the public */
#define PEEL_FOR_PANEL 0x40u  /* BOOL: the record is for the Panel before it is published */
/* The office's own working field (where a record was transcribed from, the
 * publish flag, transcription notes): shown to staff on the record page and
 * in forms, never to panel or public (pages, JSON, CSV), and in no list's
 * columns unless every column is asked for. */
#define PEEL_INTERNAL 0x80u
/* Personal data (a resident's name and contact details): staff only, as
 * PEEL_INTERNAL, which a PERSONAL field must also carry; and erased on
 * request (peel_crud_erase): the value goes from the record and from the
 * audit trail's rows, which keep who changed it and when. */
#define PEEL_PERSONAL 0x100u

/* The usual PEEL_PUBLISHES field: a declaration lists it to let its records
 * be shown to the public (web policy: never OFFICIAL-SENSITIVE material). */
#define PEEL_FIELD_PUBLISHED                                                                       \
    {                                                                                              \
        .name = "publish", .label = "Publish", .type = PEEL_F_BOOL,                                \
        .flags = PEEL_PUBLISHES | PEEL_INTERNAL,                                                   \
        .help =                                                                                    \
            "Shown on peel's public pages and to the Panel (never OFFICIAL-SENSITIVE material)"    \
    }

/* The usual PEEL_FOR_PANEL field: the audience between staff and the
 * public.  A record with it true is shown to Panel members (never when
 * OFFICIAL-SENSITIVE) before, or without, publication: the papers of their
 * next meeting, items taken in private.  A type with it also publishes. */
#define PEEL_FIELD_FOR_PANEL                                                                       \
    {                                                                                              \
        .name = "for_panel", .label = "For the Panel", .type = PEEL_F_BOOL,                        \
        .flags = PEEL_FOR_PANEL,                                                                   \
        .help = "Shown to Panel members before it is published (never OFFICIAL-SENSITIVE "         \
                "material)"                                                                        \
    }

/* One value of an ENUM field: what is stored (and written in CSV and JSON)
 * and what people read.  A field's options end with {0}. */
typedef struct peel_option {
    const char *value; /* [a-z0-9_-]+ or as the papers print it ("OFFICIAL") */
    const char *label; /* for people; NULL: the value */
} peel_option;

/* Options of a PEEL_CLASSIFIES field, in enum peel_class order. */
extern const peel_option peel_class_options[];

struct peel_record;
struct peel_fielderrs;
struct peel_store;
struct peel_err;

/* The order of a related group's rows (or a list's default order) by its
 * sort field: ascending, descending, or, for a DATE field, upcoming first
 * (today and later, soonest first) then the past (most recent first). */
enum peel_related_order { PEEL_ORDER_ASC, PEEL_ORDER_DESC, PEEL_ORDER_UPCOMING };

/* How a REF field's target shows the records that refer to it: a related
 * group on the target's record page and under /api/v1/TYPE/ID/related
 * (model/related.h builds them for a reader).  Declared on the REF field of
 * the referring type; every name is checked by peel_registry_init.
 *
 * Plain: on the page of the record the field points at, the records of
 * this type whose field names it ("Items of this meeting" on item.meeting).
 * Through a link type: `through` names another REF field of this type, the
 * one pointing at the page's record; the declared field names the record
 * shown (objective_tag.item with through "objective": an objective's page
 * lists the items tagged to it).  Then sort, columns, split_by and details
 * are fields of the shown type, the field's ref_type. */
typedef struct peel_related {
    const char *heading; /* "Items of this meeting" */
    int position;        /* where among the page's groups: lower first */
    const char *through; /* NULL, or the link type's REF field to the page's record */
    const char *sort;    /* the shown type's field rows are ordered by; NULL: id */
    enum peel_related_order order;
    const int *columns;   /* the shown type's fields as columns (PEEL_SUMMARY); NULL: its summary */
    bool numbered;        /* rows numbered like an agenda ("1.", "2.") */
    const char *split_by; /* NULL, or an ENUM field of the shown type: a sub-heading per value */
    const int *details;   /* the shown type's long fields printed under each row (a decision) */
    bool nest;            /* under each row, that record's own related groups (one level) */
    /* A row's state, for a Status column and counts per state ("2 open, 1
     * completed"); NULL: none.  Sets *label (static text) and returns 0, or
     * -1 with err set when the store fails. */
    int (*state)(struct peel_store *s, const struct peel_record *rec, const char **label,
                 struct peel_err *err);
} peel_related;

typedef struct peel_field {
    const char *name;  /* column, CSV header and JSON key: [a-z_][a-z0-9_]* */
    const char *label; /* for people */
    const char *help;
    enum peel_ftype type;
    unsigned flags;
    int64_t min, max;            /* INT range, MONEY range (pence); TEXT max length */
    const peel_option *options;  /* ENUM: the values and their labels, ended by {0} */
    const char *ref_type;        /* REF: the referenced type's name */
    enum peel_class cls;         /* a field can be more sensitive than its record */
    const peel_related *related; /* REF: how the target's page lists this type (above) */
} peel_field;

struct peel_lifecycle;

typedef struct peel_type {
    const char *name;   /* table name and CLI name: [a-z_]+ */
    const char *label;  /* "Area" */
    const char *plural; /* "Areas" */
    const char *help;
    const peel_field *fields;
    size_t nfields;
    const char *key;   /* natural-key field (unique, used by references and upserts) or NULL */
    const char *title; /* the field that names a record in lists */
    enum peel_class cls;
    /* Cross-field validation (e.g. due date not before raised date); may be
     * NULL.  Adds errors with peel_fielderrs_add(). */
    void (*check)(const struct peel_record *rec, struct peel_fielderrs *errs);
    /* Rules that need the database (an item for a cancelled meeting, a status
     * change that depends on the stored value); may be NULL.  Called by
     * peel_crud_create/update after references resolve and every other check
     * passes; old is the stored record on update, NULL on create.  Adds field
     * errors with peel_fielderrs_add(); returns -1 with err set only when the
     * store fails, else 0.  It must not write. */
    int (*check_store)(struct peel_store *s, const struct peel_record *old,
                       const struct peel_record *rec, struct peel_fielderrs *errs,
                       struct peel_err *err);

    /* What lists and the home page show, declared rather than guessed from
     * field names (each checked by peel_registry_init).  due: the DATE field
     * a record falls due on (the home page's "Due or overdue"), or NULL.
     * Whether a record still needs something: status, an ENUM field, with
     * closed, its values that mean nothing more is needed (ended by NULL);
     * or open_on, when the state is computed from other records (a
     * lifecycle's history: peel_transition_open_on): sets *open for the record on day and
     * returns 0, or -1 with err set when the store fails.  With neither, a
     * record is always open.  summary: the field indices a list shows by
     * default (PEEL_SUMMARY), after the title's own column; NULL: every
     * field. */
    const peel_field *due;
    const peel_field *status;
    const char *const *closed;
    int (*open_on)(struct peel_store *s, const struct peel_record *rec, int64_t day, bool *open,
                   struct peel_err *err);
    const int *summary;
    /* The record's states and the transitions between them, with their
     * dated history (model/lifecycle.h), or NULL.  A type with a lifecycle
     * declares neither status nor closed: its state is derived from the
     * history (open_on: peel_transition_open_on). */
    const struct peel_lifecycle *lifecycle;
    /* A list's default order: a field (NULL: id) and its direction; with
     * PEEL_ORDER_UPCOMING (a DATE field) upcoming first, then the past. */
    const peel_field *order;
    enum peel_related_order order_dir;
    /* The DATE field a list filters by from and to ("from=01/04/2023"), or NULL. */
    const peel_field *range;
    /* The label with its article, as "Add an action" reads ("an action");
     * NULL: "a " and the label in lower case. */
    const char *one;

    /* Papers and search (model/attach.h, model/search.h).  attachments: the
     * type's records carry attached files (agenda, report, minutes...), each
     * visible exactly when its record is.  search: the field indices whose
     * text the search box finds (PEEL_SEARCH(...): TEXT or ENUM fields; each
     * hit still passes the reader's field check); search_date: the DATE or
     * DATETIME field a search's date range filters by, or NULL. */
    bool attachments;
    const int *search;
    const peel_field *search_date;

    /* Feeds people follow without signing in, at the addresses the routes
     * declare.  feeds: the Atom feeds of the type's published records as
     * pairs of address and title, NULL-ended (PEEL_FEEDS), which its list
     * page names; calendar: a record's iCalendar feed is this prefix, its
     * id and ".ics", which its page names; each NULL for none. */
    const char *const *feeds;
    const char *calendar;
    /* The page that shows a record as its readers use it (a paper as the
     * Panel reads it), this prefix and the record's id ("/papers/"), with
     * the words of the record page's link to it; each NULL for none. */
    const char *view;
    const char *view_label;
} peel_type;

#define PEEL_NFIELDS(a) (sizeof(a) / sizeof((a)[0]))
/* A type's summary columns: .summary = PEEL_SUMMARY(F_REF, F_DUE). */
#define PEEL_SUMMARY(...) ((const int[]){__VA_ARGS__, -1})
/* A type's searchable fields: .search = PEEL_SEARCH(F_TITLE, F_NOTES). */
#define PEEL_SEARCH(...) ((const int[]){__VA_ARGS__, -1})
/* A type's feeds: .feeds = PEEL_FEEDS("/feeds/meetings.atom", "Meetings"). */
#define PEEL_FEEDS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The registry of every record type (registry.c).  It is filled once at
 * start-up from the module table (peel_app_init, src/app/modules.c), which
 * hands it every module's types in dependency order; peel_registry_init
 * checks each declaration (names, references to earlier types, key, title,
 * declared handles) and refuses the lot with a message naming the type and
 * field at the first fault.  Calling it again with the same list changes
 * nothing; with another list it fails.  The registry holds pointers to the
 * caller's static declarations and owns no memory.  Used before it is
 * filled, it is empty and says so once on stderr. */
int peel_registry_init(const peel_type *const *types, size_t n, struct peel_err *err);
bool peel_registry_ready(void);
/* One declaration's checks, for a type outside the registry (tests' own
 * types): 0, or -1 with err naming the fault.  References are not checked. */
int peel_type_check(const peel_type *t, struct peel_err *err);

const peel_type *const *peel_types(size_t *n);
const peel_type *peel_type_find(const char *name);
const peel_field *peel_type_field(const peel_type *t, const char *name);
int peel_type_field_index(const peel_type *t, const char *name);
/* The option of ENUM field f whose value is value, or NULL. */
const peel_option *peel_field_option(const peel_field *f, const char *value);
/* The label people read for value of ENUM field f, or value itself when the
 * option has no label or value is not one of f's. */
const char *peel_option_label(const peel_field *f, const char *value);
/* The same for the field named field of type t. */
const char *peel_enum_label(const peel_type *t, const char *field, const char *value);
/* "an action": t->one, or "a " and the label with its first letter in lower
 * case (kept when the label starts with an abbreviation), written to buf. */
const char *peel_type_one(const peel_type *t, char *buf, size_t n);
const char *peel_ftype_name(enum peel_ftype t);
const char *peel_class_name(enum peel_class c);

/* The field carrying a flag (PEEL_CLASSIFIES, PEEL_PUBLISHES, PEEL_FOR_PANEL), or NULL. */
const peel_field *peel_type_flagged(const peel_type *t, unsigned flag);

#endif
