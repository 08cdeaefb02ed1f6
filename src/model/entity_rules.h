/*
 * entity_rules.h - small rules that the entities of several domains share
 * (the domains' entity files hold the rest beside their handlers).
 */
#ifndef LIANXIN_MODEL_ENTITY_RULES_H
#define LIANXIN_MODEL_ENTITY_RULES_H

#include <jansson.h>
#include <stdbool.h>

#include "http/request.h"

/* v is the JSON string s. */
bool json_str_eq(json_t *v, const char *s);
/* a is a string equal to b (NULL is not). */
bool text_eq(const char *a, const char *b);
/*
 * Sex and birth date follow rec's ID number (id_number): values the caller
 * sent (r->json) must agree, stored ones are recomputed.  0 or the status
 * of the error reply.
 */
int rule_sex_birth_from_idcard(struct req *r, json_t *rec);

#endif
