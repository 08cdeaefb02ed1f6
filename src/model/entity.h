/*
 * entity.h - entities described once.
 *
 * An entity is a table of fields (name, type, labels, dictionary, flags,
 * limits).  From that one description come: validation of JSON input,
 * JSON output with masking of sensitive fields, list filters and search,
 * the generic CRUD handlers (crud.h), audit records, and the field lists
 * the UI builds its forms and tables from (GET /api/v1/meta).  A column of
 * the entity's table carries each field's name.
 */
#ifndef LIANXIN_MODEL_ENTITY_H
#define LIANXIN_MODEL_ENTITY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"

struct sqlbuf;

enum field_type {
	FT_TEXT,
	FT_INT,
	FT_BOOL,
	FT_DATE,       /* "YYYY-MM-DD" */
	FT_DICT,       /* a code of field.dict */
	FT_DIVISION,   /* an existing division code inside the caller's scope */
	FT_REF,        /* the id of a record of field.ref inside the caller's scope */
	FT_IDCARD,     /* a resident ID number (GB 11643), stored normalised */
	FT_PHONE,
	FT_NUMBER,     /* a decimal (areas, amounts with fractions) */
	FT_DICTS,      /* several codes of field.dict: a JSON array, stored "a,b,c" */
};

enum field_flag {
	F_REQUIRED = 1 << 0,
	F_MASKED = 1 << 1,     /* sensitive: masked in every reply, revealed with a reason */
	F_FILTER = 1 << 2,     /* ?name=value filters lists */
	F_SEARCH = 1 << 3,     /* ?q= searches it */
	F_READONLY = 1 << 4,   /* set by the server, never by the client */
	F_UNIQUE = 1 << 5,
	F_LIST = 1 << 6,       /* a column of the UI's list */
	F_RESTRICTED = 1 << 7, /* sensitive (health): in replies only to roles that read sensitive data
				* ("******" for the others, who may not filter by it either), never in
				* the audit trail */
};

struct field {
	const char *name;
	enum field_type type;
	const char *zh;
	const char *en;
	unsigned flags;
	const char *dict;      /* FT_DICT */
	const char *ref;       /* FT_REF: entity name */
	int max_len;           /* FT_TEXT characters; 0 = 200 */
	int64_t min, max;      /* FT_INT / FT_NUMBER bounds when min < max */
};

/* A yes-only list filter an entity's filter reads (?name=true), with its labels. */
struct entity_flag {
	const char *name;
	const char *zh;
	const char *en;
};

struct entity {
	const char *name;            /* "person" */
	const char *table;           /* "people" */
	const char *path;            /* "/api/v1/people" */
	const char *zh;
	const char *en;
	const struct field *fields;
	int nfields;
	const char *division_field;  /* the field that places a record in the tree */
	const char *order_by;        /* default ORDER BY */
	/*
	 * Cross-field rules and derived values, called with the complete new
	 * record (before + changes); may set fields of rec.  Returns 0 or the
	 * status of the error reply it made.
	 */
	int (*check)(struct req *r, json_t *rec);
	/*
	 * Called inside the write transaction after a create (before is NULL)
	 * or an update, e.g. to keep a history; returns a DB_ code.
	 */
	int (*after_write)(struct req *r, int64_t id, json_t *before, json_t *after);
	/* The column that names a record where others refer to it ("<ref>_name"); NULL: none. */
	const char *label;
	/* Values derived when a record is read (a deadline passed today); may be NULL. */
	void (*derive)(json_t *rec);
	/* More list filters than the F_FILTER fields: appends " AND ..." for
	 * its own query parameters; returns 0 or the status of the error reply. */
	int (*filter)(struct req *r, struct sqlbuf *b);
	const char *filter_query;    /* the query parameters filter reads, space-separated */
	/* Those of filter_query that take only "true", shown by the generic list as a switch. */
	const struct entity_flag *flags;
	int nflags;
	/* Called inside the delete's transaction with the record as it was; returns a DB_ code; may be NULL. */
	int (*after_delete)(struct req *r, int64_t id, json_t *before);
	/* Called inside a create's transaction before the INSERT, to assign
	 * values that must be unique (a household's number); may set fields of
	 * rec; returns 0 or the status of the error reply it made; may be NULL. */
	int (*before_insert)(struct req *r, json_t *rec);
};

/* Every entity, for /meta and for reference checks. */
extern const struct entity *const model_entities[];
extern const int model_entities_count;

const struct entity *entity_find(const char *name);
const struct field *entity_field(const struct entity *e, const char *name);

#endif
