/*
 * field_rules.h - who may change what, field by field: one table of rules
 * over the roles (field_rules.c), on top of the route's permission.
 *
 * A rule names an entity and a field (or no field: creating a record of the
 * entity at all), optionally the values it is about, and the roles that may.
 * A role not listed may not make that change; everything a rule does not
 * name stays as the route's permission allows.  The generic CRUD applies it
 * to every write; the household import applies it to the file's values;
 * GET /api/v1/meta publishes it so the UI can offer only what is allowed.
 */
#ifndef LIANXIN_AUTH_FIELD_RULES_H
#define LIANXIN_AUTH_FIELD_RULES_H

#include <stdbool.h>

#include "auth/roles.h"

struct field_rule {
	const char *entity;   /* the entity's name: "household" */
	const char *field;    /* NULL: creating a record of the entity */
	const char *values;   /* "a|b": only setting one of these values; NULL: any change of the field */
	unsigned roles;       /* the roles that may: bit (1u << role) */
	unsigned import_roles; /* the roles that may by importing the national system's records; 0: as roles */
	const char *zh, *en;  /* why not, for the error reply */
};

extern const struct field_rule field_rules[];
extern const int field_rules_count;

/*
 * The rule that forbids role to set entity.field to value (field NULL:
 * to create a record of entity; value NULL: a change the rule's values do
 * not narrow, e.g. a flag turned off), or NULL when the role may.
 */
const struct field_rule *field_rule_denies(enum role role, const char *entity, const char *field, const char *value);
/* The same for a value read from an import file. */
const struct field_rule *field_rule_denies_import(enum role role, const char *entity, const char *field,
						  const char *value);

#endif
