/* resource.c - the generic create / update / delete of party-life records (see resource.h). */
#include "modules/partylife/resource.h"

#include "core/arena.h"
#include "db/db.h"
#include "http/reply.h"
#include "model/audit.h"
#include "modules/partylife/partylife.h"

/* The record of the path within the caller's scope: 0 with *stored, or the
 * reply's status (404 for a malformed id or a record outside the scope). */
static int load_from_path(struct req *r, const struct pl_resource *res, int64_t *id, json_t **stored,
			  const char **division)
{
	*stored = NULL;
	int st = req_path_id(r, 0, id);
	if (st)
		return st;
	int rc = res->load(r, *id, stored, division);
	if (rc == DB_ROW)
		return 0;
	json_decref(*stored);
	*stored = NULL;
	if (rc == DB_DONE)
		audit_denied_elsewhere(r, res->entity, res->table, "division", *id);
	return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
}

int pl_resource_get(struct req *r, const struct pl_resource *res)
{
	int64_t id;
	int st = req_path_id(r, 0, &id);
	if (st)
		return st;
	st = res->reply(r, id, 200);
	if (st == 404)
		audit_denied_elsewhere(r, res->entity, res->table, "division", id);
	return st;
}

/* r->json becomes the stored record's create-body members overlaid with the PATCH's. */
static void merge_patch(struct req *r, const struct pl_resource *res, const json_t *stored)
{
	json_t *merged = json_object();
	for (const char *const *k = res->keys; *k; k++) {
		json_t *v = json_object_get(stored, *k);
		if (v)
			json_object_set(merged, *k, v);
	}
	json_object_update(merged, r->json);
	json_decref(r->json);
	r->json = merged;
}

/* Write the record and its audit row in one transaction and commit. */
static int write_audited(struct req *r, const struct pl_resource *res, int64_t *id, const void *in, json_t *before,
			 const char *division)
{
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = res->write(r, id, in);
	const char *detail = NULL;
	json_t *after = res->audit(r, in, before == NULL, &detail);
	struct audit_entry e = { .action = before ? "update" : "create", .entity = res->entity,
				 .entity_id = pl_id_text(r, *id), .division = division, .before = before, .after = after,
				 .detail = detail };
	int st = audit_commit_reply(r, rc, &e);
	json_decref(after);
	return st;
}

int pl_resource_create(struct req *r, const struct pl_resource *res)
{
	void *in = arena_zalloc(r->arena, res->input_size);
	const char *division = NULL;
	int64_t id = 0;
	int st = body_object(r, res->keys);
	if (!st)
		st = res->validate(r, in, &division);
	if (!st)
		st = write_audited(r, res, &id, in, NULL, division);
	return st ? st : res->reply(r, id, 201);
}

int pl_resource_update(struct req *r, const struct pl_resource *res)
{
	void *in = arena_zalloc(r->arena, res->input_size);
	const char *division = NULL;
	int64_t id = 0;
	json_t *stored = NULL;
	int st = body_object(r, res->patch_keys ? res->patch_keys : res->keys);
	if (!st && res->validate_patch)
		st = res->validate_patch(r, in);
	if (!st)
		st = load_from_path(r, res, &id, &stored, &division);
	if (!st && res->check_update)
		st = res->check_update(r, stored, in);
	if (!st && !res->validate_patch) {
		merge_patch(r, res, stored);
		st = res->validate(r, in, &division);
	}
	if (!st)
		st = write_audited(r, res, &id, in, stored, division);
	json_decref(stored);
	return st ? st : res->reply(r, id, 200);
}

int pl_resource_delete(struct req *r, const struct pl_resource *res)
{
	int64_t id = 0;
	json_t *stored = NULL;
	const char *division = NULL;
	int st = load_from_path(r, res, &id, &stored, &division);
	if (!st && res->check_delete)
		st = res->check_delete(r, stored);
	if (st) {
		json_decref(stored);
		return st;
	}
	int rc = db_begin(r->db);
	for (int i = 0; res->delete_sql[i] && rc == DB_OK; i++)
		rc = db_exec(r->db, res->delete_sql[i], "i", id);
	if (rc == DB_OK && db_changes(r->db) != 1)
		rc = DB_ERROR;   /* gone meanwhile, or the statement's own guard refused */
	struct audit_entry e = { .action = "delete", .entity = res->entity, .entity_id = pl_id_text(r, id),
				 .division = division, .before = stored };
	st = audit_commit_reply(r, rc, &e);
	json_decref(stored);
	return st ? st : reply_json(r, 200, json_pack("{s:b}", "deleted", 1));
}
