/* users.c - account records and the /api/v1/users routes. */
#include "modules/accounts/users.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/env.h"
#include "auth/scope.h"
#include "auth/session.h"
#include "core/clock.h"
#include "core/division.h"
#include "core/workdays.h"
#include "core/log.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/listing.h"
#include "model/audit.h"

#define USER_COLUMNS "id, username, display_name, role, password_hash, must_change_password, disabled," \
		     " failed_logins, locked_until, created_at, updated_at, password_changed_at, expires_on"

static void read_row(struct db_stmt *st, struct arena *a, struct user_rec *u)
{
	memset(u, 0, sizeof(*u));
	u->id = db_column_int(st, 0);
	u->username = arena_strdup(a, db_column_text(st, 1));
	u->display_name = arena_strdup(a, db_column_text(st, 2));
	u->role = role_from_name(db_column_text(st, 3));
	u->password_hash = arena_strdup(a, db_column_text(st, 4));
	u->must_change_password = db_column_int(st, 5) != 0;
	u->disabled = db_column_int(st, 6) != 0;
	u->failed_logins = db_column_int(st, 7);
	u->locked_until = db_column_int(st, 8);
	u->created_at = db_column_int(st, 9);
	u->updated_at = db_column_int(st, 10);
	u->password_changed_at = db_column_int(st, 11);
	u->expires_on = db_column_is_null(st, 12) ? NULL : arena_strdup(a, db_column_text(st, 12));
}

static int load_where(struct db *db, struct arena *a, const char *sql, const char *types,
		      int64_t id, const char *name, struct user_rec *u)
{
	struct db_stmt *st = *types == 'i' ? db_query(db, sql, types, id) : db_query(db, sql, types, name);
	if (st == NULL)
		return DB_ERROR;
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_row(st, a, u);
	db_finalize(st);
	if (rc != DB_ROW)
		return rc;
	struct principal p = { .id = u->id };
	rc = session_load_scopes(db, a, &p);
	if (rc != DB_OK)
		return rc;
	u->scopes = p.scopes;
	u->nscopes = p.nscopes;
	return DB_ROW;
}

int users_load(struct db *db, struct arena *a, int64_t id, struct user_rec *u)
{
	return load_where(db, a, "SELECT " USER_COLUMNS " FROM users WHERE id = $1", "i", id, NULL, u);
}

int users_load_by_name(struct db *db, struct arena *a, const char *username, struct user_rec *u)
{
	return load_where(db, a, "SELECT " USER_COLUMNS " FROM users WHERE username = $1", "t", 0, username, u);
}

int users_count(struct db *db, int64_t *n)
{
	return db_query_int(db, n, "SELECT COUNT(*) FROM users", NULL);
}

static json_t *scopes_json(const char *const *scopes, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(scopes[i]));
	return a;
}

static json_t *base_json(int64_t id, const char *username, const char *display_name, enum role role,
			 bool must_change, const char *const *scopes, int nscopes)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:b}", "id", (json_int_t)id,
			 "username", username, "display_name", display_name ? display_name : "",
			 "role", role_name(role), "role_zh", role_label_zh(role), "role_en", role_label_en(role),
			 "scopes", scopes_json(scopes, nscopes), "must_change_password", must_change);
}

bool users_expired(const struct user_rec *u, int64_t now)
{
	char today[11];
	workdays_day(now, today);
	return u->expires_on && strcmp(today, u->expires_on) > 0;
}

json_t *users_json(const struct user_rec *u)
{
	json_t *j = base_json(u->id, u->username, u->display_name, u->role, u->must_change_password,
			      u->scopes, u->nscopes);
	char created[21], updated[21];
	clock_format_iso(u->created_at, created);
	clock_format_iso(u->updated_at, updated);
	json_object_set_new(j, "disabled", json_boolean(u->disabled));
	json_object_set_new(j, "locked", json_boolean(u->locked_until > clock_now()));
	json_object_set_new(j, "expires_on", u->expires_on ? json_string(u->expires_on) : json_null());
	json_object_set_new(j, "expired", json_boolean(users_expired(u, clock_now())));
	json_object_set_new(j, "created_at", json_string(created));
	json_object_set_new(j, "updated_at", json_string(updated));
	return j;
}

json_t *users_principal_json(const struct principal *p)
{
	json_t *j = base_json(p->id, p->username, p->display_name, p->role, p->must_change_password,
			      p->scopes, p->nscopes);
	json_object_set_new(j, "permissions", users_permissions_json(p->role));
	return j;
}

json_t *users_permissions_json(enum role role)
{
	json_t *perms = json_array();
	for (int i = 0; i < PERM_COUNT; i++)
		if (role_has(role, (enum perm)i))
			json_array_append_new(perms, json_string(perm_name((enum perm)i)));
	return perms;
}

bool users_valid_name(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > USERNAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* The division an account's audit rows belong to: its first scope. */
static const char *audit_division(const char *const *scopes, int n)
{
	return n > 0 ? scopes[0] : NULL;
}

static int insert_scopes(struct db *db, int64_t id, const char *const *scopes, int n)
{
	for (int i = 0; i < n; i++) {
		int rc = db_exec(db, "INSERT INTO user_scopes (user_id, division) VALUES ($1, $2)"
				 " ON CONFLICT DO NOTHING", "it", id, scopes[i]);
		if (rc != DB_OK)
			return rc;
	}
	return DB_OK;
}

int users_create(struct req *r, struct db *db, const struct user_new *u, int64_t *id)
{
	char hash[PASSWORD_HASH_MAX];
	if (password_hash(u->password, hash))
		return DB_ERROR;
	int64_t now = clock_now();
	int rc = db_begin(db);
	if (rc != DB_OK)
		return rc;
	rc = db_query_int(db, id,
		"INSERT INTO users (username, display_name, role, password_hash, must_change_password,"
		" created_at, updated_at, password_changed_at, expires_on) VALUES ($1, $2, $3, $4, $5, $6, $6, $6, $7)"
		" RETURNING id",
		"ttttiit", u->username, u->display_name ? u->display_name : "", role_name(u->role), hash,
		(int64_t)u->must_change_password, now, u->expires_on);
	rc = rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_ERROR : rc;
	if (rc == DB_OK)
		rc = insert_scopes(db, *id, u->scopes, u->nscopes);
	if (rc == DB_OK) {
		struct user_rec rec = {
			.id = *id, .username = u->username, .display_name = u->display_name, .role = u->role,
			.must_change_password = u->must_change_password, .created_at = now, .updated_at = now,
			.expires_on = u->expires_on, .scopes = (const char **)u->scopes, .nscopes = u->nscopes,
		};
		json_t *after = users_json(&rec);
		char idbuf[24];
		snprintf(idbuf, sizeof(idbuf), "%lld", (long long)*id);
		struct audit_entry e = { .action = "create", .entity = "user", .entity_id = idbuf,
					 .division = audit_division(u->scopes, u->nscopes), .after = after,
					 .username = r ? NULL : "cli" };
		rc = audit_write(r, db, &e);
		json_decref(after);
	}
	return audit_commit(r, db, rc, NULL);
}

int users_set_password(struct req *r, struct db *db, int64_t id, const char *password, bool must_change,
		       const char *action)
{
	char hash[PASSWORD_HASH_MAX];
	if (password_hash(password, hash))
		return DB_ERROR;
	int64_t now = clock_now();
	struct arena *a = arena_new();
	struct user_rec u;
	int rc = db_begin(db);
	if (rc == DB_OK)
		rc = users_load(db, a, id, &u) == DB_ROW ? DB_OK : DB_ERROR;
	/* the hash being replaced, for password-history */
	if (rc == DB_OK)
		rc = db_exec(db, "INSERT INTO password_history (user_id, password_hash, replaced_at) VALUES ($1, $2, $3)",
			     "iti", id, u.password_hash, now);
	if (rc == DB_OK)
		rc = db_exec(db, "UPDATE users SET password_hash = $1, must_change_password = $2, failed_logins = 0,"
			     " locked_until = 0, password_changed_at = $3, updated_at = $3 WHERE id = $4",
			     "tiii", hash, (int64_t)must_change, now, id);
	/* a change by the user keeps the session it was made in; a reset ends all */
	const char *keep = r && r->user && r->user->id == id ? r->user->session_hash : NULL;
	if (rc == DB_OK)
		rc = session_delete_user(db, id, keep);
	if (rc == DB_OK) {
		char idbuf[24];
		snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
		struct audit_entry e = { .action = action, .entity = "user", .entity_id = idbuf,
					 .division = audit_division(u.scopes, u.nscopes),
					 .detail = must_change ? "must change at next login" : NULL,
					 .username = r ? NULL : "cli" };
		rc = audit_write(r, db, &e);
	}
	rc = audit_commit(r, db, rc, NULL);
	arena_free(a);
	return rc;
}

int users_password_reused(struct db *db, int64_t id, const char *password, int64_t history, bool *reused)
{
	*reused = false;
	if (history <= 1)
		return DB_OK;   /* the current password is checked by the caller */
	struct db_stmt *st = db_query(db, "SELECT password_hash FROM password_history WHERE user_id = $1"
				      " ORDER BY replaced_at DESC LIMIT $2", "ii", id, history - 1);
	if (st == NULL)
		return DB_ERROR;
	int rc = DB_DONE;
	while (!*reused && (rc = db_step(st)) == DB_ROW)
		*reused = password_verify(db_column_text(st, 0), password);
	db_finalize(st);
	return *reused || rc == DB_DONE ? DB_OK : rc;
}

/* ---- API ------------------------------------------------------------------ */

/* SQL condition: account u is inside the caller's scope (all its scopes). */
static void visible_where(struct sqlbuf *b, const struct principal *p)
{
	sqlbuf_add(b, "EXISTS (SELECT 1 FROM user_scopes s WHERE s.user_id = u.id)"
		      " AND NOT EXISTS (SELECT 1 FROM user_scopes s WHERE s.user_id = u.id AND NOT ");
	scope_where(b, p, "s.division");
	sqlbuf_add(b, ")");
}

static bool visible(const struct principal *p, const struct user_rec *u)
{
	return u->nscopes > 0 && scope_allows_all(p, u->scopes, u->nscopes);
}

/* Load the account named by the path, answering 404 when out of scope. */
static int load_visible(struct req *r, struct user_rec *u)
{
	int64_t id = 0;
	int st = req_path_id(r, 0, &id);
	if (st)
		return st;
	int rc = users_load(r->db, r->arena, id, u);
	if (rc == DB_ROW && !visible(r->user, u))
		audit_denied(r, "user", req_param(r, 0), audit_division(u->scopes, u->nscopes), "outside the caller's scope");
	if (rc == DB_DONE || (rc == DB_ROW && !visible(r->user, u)))
		return reply_error(r, ERR_NOT_FOUND, NULL);
	if (rc != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	return 0;
}

static int list_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	(void)ctx;
	sqlbuf_add(b, " FROM users u WHERE ");
	visible_where(b, r->user);
	const char *q = req_query(r, "q");
	if (q && *q) {
		sqlbuf_add(b, " AND (u.username LIKE ");
		sqlbuf_like(b, q, true);
		sqlbuf_add(b, " OR u.display_name LIKE ");
		sqlbuf_like(b, q, true);
		sqlbuf_add(b, ")");
	}
	const char *role = req_query(r, "role");
	if (role && *role) {
		if (role_from_name(role) == ROLE_INVALID)
			return reply_error_msg(r, ERR_VALIDATION, "未知角色", "Unknown role", "role");
		sqlbuf_add(b, " AND u.role = ");
		sqlbuf_text(b, role);
	}
	const char *division;
	int st = req_query_division(r, "division", &division);
	if (st)
		return st;
	if (division) {
		/* a scope of the account under the node: every scope of a visible account is in the
		 * caller's, so in the caller's scope under the node (one range a scope) */
		sqlbuf_add(b, " AND EXISTS (SELECT 1 FROM user_scopes d WHERE d.user_id = u.id AND ");
		scope_where_under(b, r->user, "d.division", division);
		sqlbuf_add(b, ")");
	}
	return 0;
}

/* A row of the listing holds the id; the account comes with its scopes. */
static json_t *list_row(struct req *r, struct db_stmt *st, const void *ctx)
{
	(void)ctx;
	struct user_rec u;
	return users_load(r->db, r->arena, db_column_int(st, 0), &u) == DB_ROW ? users_json(&u) : NULL;
}

int users_list(struct req *r)
{
	struct listing l = { .columns = "u.id", .order = "u.username", .from = list_from, .row = list_row };
	return listing_reply(r, &l);
}

int users_get(struct req *r)
{
	struct user_rec u;
	int st = load_visible(r, &u);
	if (st)
		return st;
	return reply_json(r, 200, users_json(&u));
}

/* Read "scopes": a non-empty array of division codes inside the caller's scope. */
static int read_scopes(struct req *r, bool required, const char ***out, int *n)
{
	json_t *v = json_object_get(r->json, "scopes");
	*out = NULL;
	*n = 0;
	if (v == NULL || json_is_null(v))
		return required ? reply_error(r, ERR_MISSING_FIELD, "scopes") : 0;
	if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > USER_MAX_SCOPES)
		return reply_error_msg(r, ERR_VALIDATION, "管辖范围应为 1 到 32 个区划代码的数组",
				       "scopes must be an array of 1 to 32 division codes", "scopes");
	const char **codes = arena_alloc(r->arena, sizeof(char *) * json_array_size(v));
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item) {
		const char *code = json_string_value(item);
		if (code == NULL || division_level(code) == DIV_INVALID)
			return reply_error(r, ERR_BAD_DIVISION, "scopes");
		if (!scope_allows(r->user, code))
			return reply_error_msg(r, ERR_FORBIDDEN, "不能授予超出本人范围的区划",
					       "Cannot grant a division outside your own scope", "scopes");
		codes[i] = code;
	}
	*out = codes;
	*n = (int)json_array_size(v);
	return 0;
}

static int read_role(struct req *r, bool required, enum role *out, bool *present)
{
	const char *name;
	int st = body_string(r, "role", required, 16, &name);
	*present = name != NULL;
	if (st || name == NULL)
		return st;
	*out = role_from_name(name);
	if (*out == ROLE_INVALID)
		return reply_error_msg(r, ERR_VALIDATION, "未知角色", "Unknown role", "role");
	if (!role_can_assign(r->user->role, *out))
		return reply_error_msg(r, ERR_FORBIDDEN, "不能授予该角色", "You may not grant this role", "role");
	return 0;
}

/* Read "expires_on": a date YYYY-MM-DD, or null or "" for an account that
 * does not expire; *present tells whether it was given. */
static int read_expiry(struct req *r, const char **out, bool *present)
{
	json_t *v = json_object_get(r->json, "expires_on");
	*present = v != NULL;
	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	const char *s = json_string_value(v);
	if (s && *s == '\0')
		return 0;
	if (s == NULL || !clock_valid_date(s))
		return reply_error_msg(r, ERR_VALIDATION, "账号到期日应为 YYYY-MM-DD 格式的日期，或留空表示长期有效",
				       "expires_on is a date YYYY-MM-DD, or null for an account that does not expire",
				       "expires_on");
	*out = s;
	return 0;
}

static int check_password(struct req *r, const char *username, const char *password, const char *field)
{
	const char *zh, *en;
	const struct env *env = r->env;
	if (password_check(&env->policy, username, password, &zh, &en))
		return reply_error_msg(r, ERR_WEAK_PASSWORD, zh, en, field);
	return 0;
}

/* The keys of users_post's body (also the route's documented fields, app/routes.c). */
const char *const users_post_fields[] = { "username", "display_name", "role", "scopes", "password", "expires_on", NULL };

int users_post(struct req *r)
{
	const char *username = NULL, *display_name = NULL, *password = NULL, *expires_on = NULL;
	const char **scopes = NULL;
	int nscopes = 0;
	enum role role = ROLE_INVALID;
	bool has_role, has_expiry;
	int st = body_object(r, users_post_fields);
	if (!st)
		st = body_string(r, "username", true, USERNAME_MAX, &username);
	if (!st && !users_valid_name(username))
		st = reply_error_msg(r, ERR_VALIDATION, "用户名为 3 到 32 位字母、数字或 . _ -",
				     "A username is 3 to 32 letters, digits or . _ -", "username");
	if (!st)
		st = body_string(r, "display_name", false, DISPLAY_NAME_MAX, &display_name);
	if (!st)
		st = read_role(r, true, &role, &has_role);
	if (!st)
		st = read_scopes(r, true, &scopes, &nscopes);
	if (!st)
		st = read_expiry(r, &expires_on, &has_expiry);
	if (!st)
		st = body_string(r, "password", true, PASSWORD_MAX_BYTES, &password);
	if (!st)
		st = check_password(r, username, password, "password");
	if (st)
		return st;
	struct user_new u = { .username = username, .display_name = display_name, .role = role,
			      .scopes = scopes, .nscopes = nscopes, .password = password,
			      .must_change_password = true, .expires_on = expires_on };
	int64_t id;
	int rc = users_create(r, r->db, &u, &id);
	if (rc == DB_CONSTRAINT)
		return reply_error_msg(r, ERR_CONFLICT, "用户名已存在", "The username is taken", "username");
	if (rc != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	struct user_rec rec;
	if (users_load(r->db, r->arena, id, &rec) != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	return reply_json(r, 201, users_json(&rec));
}

/* May the caller change this account at all? (not someone of a role the
 * caller could not grant, e.g. a township officer editing an administrator) */
static int check_manageable(struct req *r, const struct user_rec *u)
{
	if (!role_can_assign(r->user->role, u->role))
		return reply_error(r, ERR_FORBIDDEN, NULL);
	return 0;
}

/* The keys of users_patch's body (also the route's documented fields, app/routes.c). */
const char *const users_patch_fields[] = { "display_name", "role", "scopes", "disabled", "unlock", "expires_on", NULL };

int users_patch(struct req *r)
{
	struct user_rec u;
	int st = load_visible(r, &u);
	if (st)
		return st;   /* u is not filled */
	st = check_manageable(r, &u);
	if (!st)
		st = body_object(r, users_patch_fields);
	const char *display_name = NULL;
	enum role role = u.role;
	bool has_role = false, disabled = u.disabled, has_disabled = false, unlock = false, has_expiry = false;
	const char *expires_on = u.expires_on;
	const char **scopes = NULL;
	int nscopes = 0;
	if (!st)
		st = body_string(r, "display_name", false, DISPLAY_NAME_MAX, &display_name);
	if (!st)
		st = read_role(r, false, &role, &has_role);
	if (!st)
		st = read_scopes(r, false, &scopes, &nscopes);
	if (!st)
		st = body_bool(r, "disabled", false, &disabled, &has_disabled);
	if (!st)
		st = body_bool(r, "unlock", false, &unlock, NULL);
	if (!st)
		st = read_expiry(r, &expires_on, &has_expiry);
	if (st)
		return st;
	if (!has_expiry)
		expires_on = u.expires_on;
	if (u.id == r->user->id && ((has_disabled && disabled) || (has_role && role != u.role) || scopes || has_expiry))
		return reply_error_msg(r, ERR_FORBIDDEN, "不能修改自己的角色、范围、到期日或停用自己",
				       "You cannot change your own role, scope or expiry or disable yourself", NULL);
	struct user_rec changed = u;
	changed.expires_on = expires_on;
	bool expire_now = has_expiry && users_expired(&changed, clock_now());

	json_t *before = users_json(&u);
	int64_t now = clock_now();
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = db_exec(r->db, "UPDATE users SET display_name = $1, role = $2, disabled = $3, updated_at = $4,"
			     " failed_logins = CASE WHEN $5 = 1 THEN 0 ELSE failed_logins END,"
			     " locked_until = CASE WHEN $5 = 1 THEN 0 ELSE locked_until END, expires_on = $7 WHERE id = $6",
			     "ttiiiit", display_name ? display_name : u.display_name, role_name(role),
			     (int64_t)disabled, now, (int64_t)unlock, u.id, expires_on);
	if (rc == DB_OK && scopes) {
		rc = db_exec(r->db, "DELETE FROM user_scopes WHERE user_id = $1", "i", u.id);
		if (rc == DB_OK)
			rc = insert_scopes(r->db, u.id, scopes, nscopes);
	}
	if (rc == DB_OK && ((has_disabled && disabled) || expire_now))
		rc = session_delete_user(r->db, u.id, NULL);
	struct user_rec after_rec;
	if (rc == DB_OK)
		rc = users_load(r->db, r->arena, u.id, &after_rec) == DB_ROW ? DB_OK : DB_ERROR;
	json_t *after = rc == DB_OK ? users_json(&after_rec) : NULL;
	struct audit_entry e = { .action = "update", .entity = "user", .entity_id = req_param(r, 0),
				 .division = audit_division(u.scopes, u.nscopes), .before = before, .after = after };
	st = audit_commit_reply(r, rc, &e);
	json_decref(before);
	if (st) {
		json_decref(after);
		return st;
	}
	return reply_json(r, 200, after);
}

int users_delete(struct req *r)
{
	struct user_rec u;
	int st = load_visible(r, &u);
	if (!st)
		st = check_manageable(r, &u);
	if (st)
		return st;
	if (u.id == r->user->id)
		return reply_error_msg(r, ERR_FORBIDDEN, "不能删除自己", "You cannot delete yourself", NULL);
	json_t *before = users_json(&u);
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = db_exec(r->db, "DELETE FROM users WHERE id = $1", "i", u.id);
	struct audit_entry e = { .action = "delete", .entity = "user", .entity_id = req_param(r, 0),
				 .division = audit_division(u.scopes, u.nscopes), .before = before };
	st = audit_commit_reply(r, rc, &e);
	json_decref(before);
	return st ? st : reply_json(r, 200, json_pack("{s:b}", "deleted", 1));
}

/* The keys of users_reset_password's body (also the route's documented fields, app/routes.c). */
const char *const users_reset_password_fields[] = { "password", NULL };

int users_reset_password(struct req *r)
{
	struct user_rec u;
	const char *password = NULL;
	int st = load_visible(r, &u);
	if (!st)
		st = check_manageable(r, &u);
	if (!st)
		st = body_object(r, users_reset_password_fields);
	if (!st)
		st = body_string(r, "password", true, PASSWORD_MAX_BYTES, &password);
	if (!st)
		st = check_password(r, u.username, password, "password");
	if (st)
		return st;
	if (users_set_password(r, r->db, u.id, password, u.id != r->user->id, "password_reset") != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	struct user_rec after;
	if (users_load(r->db, r->arena, u.id, &after) != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	return reply_json(r, 200, users_json(&after));
}
