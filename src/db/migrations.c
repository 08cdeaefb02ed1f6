/* migrations.c - the schema, one migration per row, oldest first. */
#include "db/migrations.h"

const struct migration migrations[] = {
{
	.version = 1,
	.name = "accounts, sessions, audit, rate limits",
	.sql =
	"CREATE TABLE users ("
	"  id @ID@,"
	"  username TEXT NOT NULL UNIQUE,"
	"  display_name TEXT NOT NULL DEFAULT '',"
	"  role TEXT NOT NULL,"
	"  password_hash TEXT NOT NULL,"
	"  must_change_password INTEGER NOT NULL DEFAULT 0,"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  failed_logins INTEGER NOT NULL DEFAULT 0,"
	"  locked_until BIGINT NOT NULL DEFAULT 0,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL,"
	"  password_changed_at BIGINT NOT NULL"
	");"
	"CREATE TABLE user_scopes ("
	"  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  division @CODE@ NOT NULL,"
	"  PRIMARY KEY (user_id, division)"
	");"
	"CREATE INDEX user_scopes_division ON user_scopes(division);"
	"CREATE TABLE sessions ("
	"  token_hash TEXT PRIMARY KEY,"
	"  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  csrf_token TEXT NOT NULL,"
	"  created_at BIGINT NOT NULL,"
	"  last_seen BIGINT NOT NULL,"
	"  source TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX sessions_user ON sessions(user_id);"
	"CREATE TABLE audit_log ("
	"  id @ID@,"
	"  at BIGINT NOT NULL,"
	"  user_id BIGINT,"
	"  username TEXT,"
	"  source TEXT,"
	"  request_id TEXT,"
	"  action TEXT NOT NULL,"
	"  entity TEXT,"
	"  entity_id TEXT,"
	"  division @CODE@,"
	"  before_json TEXT,"
	"  after_json TEXT,"
	"  detail TEXT"
	");"
	"CREATE INDEX audit_log_at ON audit_log(at);"
	"CREATE INDEX audit_log_division ON audit_log(division);"
	"CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);"
	"CREATE TABLE rate_limits ("
	"  bucket TEXT PRIMARY KEY,"
	"  window_start BIGINT NOT NULL,"
	"  hits BIGINT NOT NULL"
	");",
	.sqlite_sql =
	"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
	" BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
	"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
	" BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
	.pg_sql =
	"CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
	" BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;"
	"CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log"
	" FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();"
	"CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log"
	" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();",
},
};

const int migrations_count = sizeof(migrations) / sizeof(migrations[0]);
