/* auth_api.c - /auth/login, /auth/logout, /me, /me/password, /health. */
#include "modules/accounts/auth_api.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "model/env.h"
#include "auth/ratelimit.h"
#include "auth/session.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/reply.h"
#include "model/audit.h"
#include "modules/accounts/users.h"

int health_get(struct req *r)
{
	const struct env *env = r->env;
	int64_t one = 0;
	bool db_ok = db_query_int(r->db, &one, "SELECT 1", NULL) == DB_ROW && one == 1;
	return reply_json(r, db_ok ? 200 : 503, json_pack("{s:s, s:s, s:s}", "status", db_ok ? "ok" : "degraded",
							  "db", env->db_backend, "version", LIANXIN_VERSION));
}

static void set_session_cookie(struct req *r, const char *token, int64_t max_age)
{
	const struct env *env = r->env;
	req_add_header(r, "Set-Cookie",
		       arena_printf(r->arena, "%s=%s; Path=/; Max-Age=%lld; HttpOnly; SameSite=Strict%s",
				    SESSION_COOKIE, token, (long long)max_age, env->cfg->cookie_secure ? "; Secure" : ""));
}

/* Record a failed attempt; lock the account when it reaches the limit. */
static int count_failure(struct req *r, const struct user_rec *u)
{
	const struct env *env = r->env;
	int64_t now = clock_now();
	int64_t failures = u->failed_logins + 1;
	bool lock = failures >= env->cfg->login_max_failures;
	const char *division = u->nscopes ? u->scopes[0] : NULL;
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = db_exec(r->db, "UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3", "iii",
			     lock ? (int64_t)0 : failures, lock ? now + env->cfg->lockout_seconds : u->locked_until,
			     u->id);
	struct audit_entry e = { .action = "login_failed", .entity = "user", .division = division,
				 .user_id = u->id, .username = u->username };
	if (rc == DB_OK && lock) {
		struct audit_entry lockout = e;
		lockout.action = "lockout";
		lockout.detail = arena_printf(r->arena, "locked for %lld seconds after %lld failed logins",
					      (long long)env->cfg->lockout_seconds, (long long)failures);
		rc = audit_write(r, r->db, &e);
		e = lockout;
	}
	return audit_commit(r, r->db, rc, &e);
}

int auth_login(struct req *r)
{
	static const char *const allowed[] = { "username", "password", NULL };
	const struct env *env = r->env;
	bool limited = false;
	if (ratelimit_hit(r->db, arena_printf(r->arena, "login:%s", r->remote_addr),
			  env->cfg->rate_limit_per_minute, 60, &limited) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (limited) {
		req_add_header(r, "Retry-After", "60");
		return reply_error(r, ERR_RATE_LIMITED, NULL);
	}
	const char *username, *password;
	int st = body_object(r, allowed);
	if (!st)
		st = body_string(r, "username", true, 64, &username);
	if (!st)
		st = body_string(r, "password", true, PASSWORD_MAX_BYTES, &password);
	if (st)
		return st;

	struct user_rec u;
	int rc = users_load_by_name(r->db, r->arena, username, &u);
	if (rc != DB_ROW && rc != DB_DONE)
		return reply_error(r, ERR_INTERNAL, NULL);
	int64_t now = clock_now();
	if (rc == DB_DONE || u.disabled || u.locked_until > now) {
		password_verify_dummy(password);
		struct audit_entry e = { .action = "login_failed", .entity = "user",
					 .division = rc == DB_ROW && u.nscopes ? u.scopes[0] : NULL,
					 .user_id = rc == DB_ROW ? u.id : 0, .username = username,
					 .detail = rc == DB_DONE ? "unknown user" : u.disabled ? "account disabled" : "account locked" };
		if (audit_write(r, r->db, &e) != DB_OK)
			return reply_error(r, ERR_INTERNAL, NULL);
		return reply_error(r, ERR_BAD_CREDENTIALS, NULL);
	}
	if (!password_verify(u.password_hash, password)) {
		if (count_failure(r, &u) != DB_OK)
			return reply_error(r, ERR_INTERNAL, NULL);
		return reply_error(r, ERR_BAD_CREDENTIALS, NULL);
	}
	/* told only to whom knows the password: the account's last day has passed */
	if (users_expired(&u, now)) {
		char detail[48];
		snprintf(detail, sizeof(detail), "account expired on %s", u.expires_on);
		struct audit_entry e = { .action = "login_failed", .entity = "user", .division = u.nscopes ? u.scopes[0] : NULL,
					 .user_id = u.id, .username = u.username, .detail = detail };
		if (audit_write(r, r->db, &e) != DB_OK)
			return reply_error(r, ERR_INTERNAL, NULL);
		return reply_error(r, ERR_ACCOUNT_EXPIRED, NULL);
	}

	/* a password older than password-max-age-days must be changed before anything else */
	int64_t max_age = env->cfg->password_max_age_days * 86400;
	if (max_age > 0 && now - u.password_changed_at > max_age)
		u.must_change_password = true;
	char token[SESSION_TOKEN_HEX], csrf[SESSION_TOKEN_HEX];
	rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = db_exec(r->db, "UPDATE users SET failed_logins = 0, locked_until = 0,"
			     " must_change_password = $2 WHERE id = $1", "ii", u.id, (int64_t)u.must_change_password);
	if (rc == DB_OK)
		rc = session_create(r->db, u.id, r->remote_addr, token, csrf);
	struct audit_entry e = { .action = "login", .entity = "user", .division = u.nscopes ? u.scopes[0] : NULL,
				 .user_id = u.id, .username = u.username };
	if ((st = audit_commit_reply(r, rc, &e)))
		return st;
	set_session_cookie(r, token, env->cfg->session_absolute);
	json_t *body = json_pack("{s:s, s:s, s:o}", "token", token, "csrf_token", csrf, "user", users_json(&u));
	sodium_memzero(token, sizeof(token));
	return reply_json(r, 200, body);
}

int auth_logout(struct req *r)
{
	struct audit_entry e = { .action = "logout", .entity = "user",
				 .division = r->user->nscopes ? r->user->scopes[0] : NULL };
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = session_delete(r->db, r->user->session_hash);
	int st = audit_commit_reply(r, rc, &e);
	if (st)
		return st;
	set_session_cookie(r, "", 0);
	return reply_json(r, 200, json_pack("{s:b}", "logged_out", 1));
}

int auth_me(struct req *r)
{
	return reply_json(r, 200, json_pack("{s:o, s:s}", "user", users_principal_json(r->user),
					    "csrf_token", r->user->csrf_token));
}

int auth_change_password(struct req *r)
{
	static const char *const allowed[] = { "old_password", "new_password", NULL };
	const struct env *env = r->env;
	const char *old_pw, *new_pw, *zh, *en;
	int st = body_object(r, allowed);
	if (!st)
		st = body_string(r, "old_password", true, PASSWORD_MAX_BYTES, &old_pw);
	if (!st)
		st = body_string(r, "new_password", true, PASSWORD_MAX_BYTES, &new_pw);
	if (st)
		return st;
	struct user_rec u;
	if (users_load(r->db, r->arena, r->user->id, &u) != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (!password_verify(u.password_hash, old_pw))
		return reply_error(r, ERR_WRONG_PASSWORD, "old_password");
	if (password_check(&env->policy, u.username, new_pw, &zh, &en))
		return reply_error_msg(r, ERR_WEAK_PASSWORD, zh, en, "new_password");
	if (strcmp(old_pw, new_pw) == 0)
		return reply_error_msg(r, ERR_WEAK_PASSWORD, "新密码不能与原密码相同",
				       "The new password must differ from the current one", "new_password");
	bool reused = false;
	if (users_password_reused(r->db, u.id, new_pw, env->cfg->password_history, &reused) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (reused)
		return reply_error_msg(r, ERR_WEAK_PASSWORD,
				       arena_printf(r->arena, "新密码不能与最近 %lld 次用过的密码相同",
						    (long long)env->cfg->password_history),
				       arena_printf(r->arena, "The new password must differ from the last %lld",
						    (long long)env->cfg->password_history),
				       "new_password");
	if (users_set_password(r, r->db, u.id, new_pw, false, "password_change") != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	r->user->must_change_password = false;
	return reply_json(r, 200, json_pack("{s:o}", "user", users_principal_json(r->user)));
}
