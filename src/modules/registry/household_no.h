/* household_no.h - a new household's 户编号 and head member (household_no.c). */
#ifndef LIANXIN_MODULES_REGISTRY_HOUSEHOLD_NO_H
#define LIANXIN_MODULES_REGISTRY_HOUSEHOLD_NO_H

#include <stdint.h>

#include <jansson.h>

#include "http/request.h"
#include "model/entity.h"

/* entity_household's before_insert: rec's household_no, the village's code and its next number. */
int registry_assign_household_no(struct req *r, json_t *rec);
/* The head's member record of the new household (rec: the household as inserted); a DB_ code. */
int registry_insert_head(struct req *r, int64_t household, json_t *rec);
/* POST /api/v1/households: a client's household_no is ignored; head_member: true makes the head's member too. */
int registry_household_create(struct req *r);
extern const char *const registry_household_create_fields[];
/* entity_household, whose create also makes the head's member record */
extern const struct entity registry_household_with_head;

#endif
