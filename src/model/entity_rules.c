/* entity_rules.c - rules several domains' entities share (see entity_rules.h). */
#include "model/entity_rules.h"

#include <string.h>

#include "core/idcard.h"
#include "http/reply.h"

bool json_str_eq(json_t *v, const char *s)
{
	return json_is_string(v) && strcmp(json_string_value(v), s) == 0;
}

bool text_eq(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

int rule_sex_birth_from_idcard(struct req *r, json_t *rec)
{
	json_t *id = json_object_get(rec, "id_number");
	if (json_is_string(id)) {
		const char *num = json_string_value(id);
		char birth[11], sex[2] = { idcard_sex(num), '\0' };
		idcard_birth_date(num, birth);
		json_t *given_sex = json_object_get(r->json, "sex"), *given_birth = json_object_get(r->json, "birth_date");
		if (json_is_string(given_sex) && !json_str_eq(given_sex, sex))
			return reply_error_msg(r, ERR_VALIDATION, "性别与身份证号不符",
					       "The sex does not match the ID number", "sex");
		if (json_is_string(given_birth) && !json_str_eq(given_birth, birth))
			return reply_error_msg(r, ERR_VALIDATION, "出生日期与身份证号不符",
					       "The birth date does not match the ID number", "birth_date");
		json_object_set_new(rec, "sex", json_string(sex));
		json_object_set_new(rec, "birth_date", json_string(birth));
	}
	return 0;
}
