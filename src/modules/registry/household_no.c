/*
 * household_no.c - a new household's 户编号 and head: the server assigns the
 * number (the village's 12-digit code and the village's next sequence
 * number, four digits or more, the form the demo writes) inside the
 * household's own transaction, and POST /households takes the head's name
 * once (head_name) and, when asked (head_member), makes the head's member
 * record from it in the same transaction.
 */
#include "modules/registry/household_no.h"

#include <stdbool.h>
#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/division.h"
#include "core/intparse.h"
#include "db/db.h"
#include "http/reply.h"
#include "model/audit.h"
#include "model/crud.h"
#include "modules/registry/registry_entities.h"

#define VILLAGE_LEN 12

/* The sequence a household number of the village carries ("4690301002060012" -> 12), 0 if none. */
static int64_t sequence_of(const char *no)
{
	size_t n = no ? strlen(no) : 0;
	if (n < VILLAGE_LEN + 4 || n > VILLAGE_LEN + 9)
		return 0;
	for (size_t i = VILLAGE_LEN; i < n; i++)
		if (no[i] < '0' || no[i] > '9')
			return 0;
	int64_t seq = 0;
	return parse_int64(no + VILLAGE_LEN, 0, 999999999, &seq) == 0 ? seq : 0;
}

int registry_assign_household_no(struct req *r, json_t *rec)
{
	const char *division = json_string_value(json_object_get(rec, "division"));
	if (division == NULL || strlen(division) < VILLAGE_LEN)
		return reply_error_msg(r, ERR_BAD_DIVISION, "户应登记在村或村民小组", "A household belongs to a village or group",
				       "division");
	char village[VILLAGE_LEN + 1];
	memcpy(village, division, VILLAGE_LEN);
	village[VILLAGE_LEN] = '\0';
	/* the village's counter row, taken (and on PostgreSQL locked) until the insert commits */
	int64_t last = 0;
	int rc = db_query_int(r->db, &last,
			      "INSERT INTO household_numbers (village, last) VALUES ($1, 1) ON CONFLICT (village)"
			      " DO UPDATE SET last = household_numbers.last + 1 RETURNING last", "t", village);
	if (rc != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	/* numbers the village already has (imported, the demo's, earlier ones) are not given again */
	struct db_stmt *st = db_query(r->db, "SELECT household_no FROM households WHERE household_no LIKE $1", "t",
				      arena_printf(r->arena, "%s%%", village));
	if (st == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	int64_t seq = last;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t used = sequence_of(db_column_text(st, 0));
		if (used >= seq)
			seq = used + 1;
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (seq != last && db_exec(r->db, "UPDATE household_numbers SET last = $1 WHERE village = $2", "it", seq,
				   village) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_object_set_new(rec, "household_no", json_string(arena_printf(r->arena, "%s%04lld", village, (long long)seq)));
	return 0;
}

int registry_insert_head(struct req *r, int64_t household, json_t *rec)
{
	const char *division = json_string_value(json_object_get(rec, "division"));
	const char *name = json_string_value(json_object_get(rec, "head_name"));
	int64_t now = clock_now(), id = 0;
	int rc = db_query_int(r->db, &id, "INSERT INTO members (household_id, division, relation, name, insured_medical,"
				  " insured_serious, insured_pension, dibao, tekun, created_at, updated_at)"
				  " VALUES ($1, $2, 'head', $3, 0, 0, 0, 0, 0, $4, $4) RETURNING id",
			      "itti", household, division, name, now);
	if (rc != DB_ROW)
		return rc == DB_OK ? DB_ERROR : rc;
	json_t *after = json_pack("{s:I, s:s, s:s, s:s}", "household_id", (json_int_t)household, "division", division,
				  "relation", "head", "name", name);
	struct audit_entry entry = {
		.action = "create", .entity = "member", .entity_id = arena_printf(r->arena, "%lld", (long long)id),
		.division = division, .after = after, .detail = "户主随农户登记",
	};
	rc = audit_write(r, r->db, &entry);
	json_decref(after);
	return rc;
}

/* Body keys of POST /households: the household's fields a client writes, and head_member. */
const char *const registry_household_create_fields[] = {
	"head_name", "division", "address", "phone", "status", "attribute", "id_standard", "identified_year",
	"exited_year", "main_cause", "secondary_causes", "cause_note", "land_mu", "housing_area", "housing_structure",
	"housing_grade", "housing_rebuilt", "water_safe", "relocation", "bank_name", "bank_account", "change_reason",
	"head_member", NULL,
};

int registry_household_create(struct req *r)
{
	if (!json_is_object(r->json))
		return reply_error_msg(r, ERR_BAD_JSON, "请求体必须是 JSON 对象", "The body must be a JSON object", NULL);
	json_t *head = json_object_get(r->json, "head_member");
	if (head && !json_is_boolean(head))
		return reply_error_msg(r, ERR_VALIDATION, "“同时登记户主为家庭成员”应为是或否",
				       "head_member must be true or false", "head_member");
	bool with_head = json_is_true(head);
	json_object_del(r->json, "head_member");
	/* the number is the server's: one a client sends is ignored (docs/api.md) */
	json_object_del(r->json, "household_no");
	return crud_create_of(r, with_head ? &registry_household_with_head : &entity_household);
}
