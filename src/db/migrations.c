/* migrations.c - the schema, one migration per row, oldest first. */
#include "db/migrations.h"
#include "db/stats_days.h"


/* Migration 14: the status a monitored household had before (H: the households row's name). */
#define PRIOR_STATUS(H)                                                                                       \
	"COALESCE((SELECT x.old_value FROM household_history x WHERE x.household_id = " H ".id"                     \
	" AND x.field = 'status' AND x.new_value = 'monitored'"                                                     \
	" AND x.old_value NOT IN ('monitored', 'risk_eliminated') ORDER BY x.at DESC, x.id DESC LIMIT 1),"          \
	" CASE WHEN " H ".exited_year IS NOT NULL THEN 'exited_enjoying' WHEN " H ".identified_year IS NOT NULL"    \
	" THEN 'poor' ELSE 'not_registered' END)"
/* The day (China time) of the last status change to value, else of the household's last update. */
#define STATUS_DAY(D0, D1, VALUE)                                                                             \
	D0 "COALESCE((SELECT MAX(x.at) FROM household_history x WHERE x.household_id = h.id"                      \
	" AND x.field = 'status' AND x.new_value = '" VALUE "'), h.updated_at)" D1
/* D0 <epoch> D1: the backend's spelling of an epoch's date */
#define MONITORING_SPLIT(D0, D1)                                                                              \
	"INSERT INTO monitoring (household_id, division, category, started_on, eliminated_on, note,"                \
	" created_at, updated_at)"                                                                                  \
	" SELECT h.id, h.division, CASE WHEN " PRIOR_STATUS("h") " IN ('exited_enjoying', 'exited') THEN 'unstable'" \
	" WHEN " PRIOR_STATUS("h") " = 'not_registered' THEN 'marginal' ELSE 'sudden' END,"                         \
	" " STATUS_DAY(D0, D1, "monitored") ","                                                                     \
	" CASE WHEN h.status = 'risk_eliminated' THEN " STATUS_DAY(D0, D1, "risk_eliminated") " END,"               \
	" '由原户状态（监测对象/风险已消除）迁移', h.updated_at, h.updated_at"                                    \
	" FROM households h WHERE h.status IN ('monitored', 'risk_eliminated')"                                     \
	" AND NOT EXISTS (SELECT 1 FROM monitoring m WHERE m.household_id = h.id);"                                 \
	"INSERT INTO household_history (household_id, at, username, field, old_value, new_value, reason)"           \
	" SELECT h.id, h.updated_at, 'migration', 'status', h.status, " PRIOR_STATUS("h") ","                       \
	" '户状态与防返贫监测分开记录，监测情况见监测记录' FROM households h"                                     \
	" WHERE h.status IN ('monitored', 'risk_eliminated');"                                                      \
	"UPDATE households SET status = " PRIOR_STATUS("households")                                              \
	" WHERE status IN ('monitored', 'risk_eliminated');"                                                        \
	"UPDATE households SET monitor_category = (SELECT m.category FROM monitoring m"                             \
	" WHERE m.household_id = households.id AND m.eliminated_on IS NULL ORDER BY m.id DESC LIMIT 1);"

/* ---- the request figures kept in the writing transaction (req5, issue 16) ------------------------
 * request_figures: per node (a request's division and each of its ancestors, "" the country), day
 * of receipt (China time, days since 1970-01-01), dimension ('all', 'channel', 'category' the top
 * level, 'level' the responsible organisation's) and key, the sums GET /requests/stats returns;
 * rated steps (callbacks, the requester's ratings) count on the day of the step under their
 * request's keys.  R: a requests row (new, old, q), T: a request_steps row, S: 1 or -1. */
#define RF_LENS "(SELECT 0 AS len UNION ALL SELECT 2 UNION ALL SELECT 4 UNION ALL SELECT 6" \
	" UNION ALL SELECT 9 UNION ALL SELECT 12 UNION ALL SELECT 15) n"
#define RF_DIMS "(SELECT 'all' AS dim UNION ALL SELECT 'channel' UNION ALL SELECT 'category'" \
	" UNION ALL SELECT 'level') d"
#define RF_PARENT(R) "CASE n.len WHEN 0 THEN NULL WHEN 2 THEN '' ELSE substr(" R ".division, 1," \
	" CASE n.len WHEN 4 THEN 2 WHEN 6 THEN 4 WHEN 9 THEN 6 WHEN 12 THEN 9 ELSE 12 END) END"
#define RF_KEY(R) "CASE d.dim WHEN 'channel' THEN " R ".channel WHEN 'category' THEN COALESCE((SELECT c.parent_code" \
	" FROM request_categories c WHERE c.code = " R ".category), " R ".category) WHEN 'level' THEN" \
	" CASE length(" R ".org_division) WHEN 6 THEN 'county' WHEN 9 THEN 'township' WHEN 12 THEN 'village'" \
	" ELSE 'unassigned' END ELSE '' END"
#define RF_COLS "node, day, dim, key, parent, received, signed_on_time, closed, closed_on_time, reopened," \
	" close_seconds, settled, supervised, first_time, callbacks_ok, callbacks, rated_ok, rated"
#define RF_UPSERT " ON CONFLICT (node, day, dim, key) DO UPDATE SET"                                       \
	" received = request_figures.received + excluded.received,"                                          \
	" signed_on_time = request_figures.signed_on_time + excluded.signed_on_time,"                        \
	" closed = request_figures.closed + excluded.closed,"                                                \
	" closed_on_time = request_figures.closed_on_time + excluded.closed_on_time,"                        \
	" reopened = request_figures.reopened + excluded.reopened,"                                          \
	" close_seconds = request_figures.close_seconds + excluded.close_seconds,"                           \
	" settled = request_figures.settled + excluded.settled,"                                             \
	" supervised = request_figures.supervised + excluded.supervised,"                                    \
	" first_time = request_figures.first_time + excluded.first_time,"                                    \
	" callbacks_ok = request_figures.callbacks_ok + excluded.callbacks_ok,"                              \
	" callbacks = request_figures.callbacks + excluded.callbacks,"                                       \
	" rated_ok = request_figures.rated_ok + excluded.rated_ok,"                                          \
	" rated = request_figures.rated + excluded.rated;"
/* a request's own sums (the definitions of figures.c's former STATS_COLUMNS) */
#define RF_REQ_VALUES(R, S)                                                                               \
	S ", CASE WHEN " R ".signed_at IS NOT NULL AND " R ".signed_at <= " R ".sign_due THEN " S " ELSE 0 END,"  \
	" CASE WHEN " R ".status = 'closed' THEN " S " ELSE 0 END,"                                            \
	" CASE WHEN " R ".status = 'closed' AND " R ".closed_at <= " R ".close_due THEN " S " ELSE 0 END,"       \
	" CASE WHEN " R ".reopen_count > 0 THEN " S " ELSE 0 END,"                                             \
	" CASE WHEN " R ".status = 'closed' THEN COALESCE(" R ".closed_at - " R ".created_at, 0) * " S " ELSE 0 END," \
	" CASE WHEN " R ".mediation_outcome IS NOT NULL AND " R ".status = 'closed' THEN " S " ELSE 0 END,"     \
	" CASE WHEN " R ".supervised = 1 THEN " S " ELSE 0 END,"                                               \
	" CASE WHEN " R ".status = 'closed' AND " R ".reopen_count = 0 THEN " S " ELSE 0 END, 0, 0, 0, 0"
/* a rated step's sums (SUM: grouped, F the aggregate or nothing) */
#define RF_STEP_VALUES(T, S, F)                                                                           \
	"0, 0, 0, 0, 0, 0, 0, 0, 0,"                                                                         \
	" " F "(CASE WHEN " T ".action = 'visit' AND " T ".satisfaction IN ('satisfied', 'basic') THEN " S " ELSE 0 END)," \
	" " F "(CASE WHEN " T ".action = 'visit' THEN " S " ELSE 0 END),"                                         \
	" " F "(CASE WHEN " T ".action = 'feedback' AND " T ".satisfaction IN ('satisfied', 'basic') THEN " S " ELSE 0 END)," \
	" " F "(CASE WHEN " T ".action = 'feedback' THEN " S " ELSE 0 END)"
#define RF_NODE_COLS(R, DAY) "substr(" R ".division, 1, n.len), " DAY ", d.dim, " RF_KEY(R) ", " RF_PARENT(R)
/* add (S 1) or take away (S -1) the request R */
#define RF_REQ(R, S)                                                                                       \
	"INSERT INTO request_figures (" RF_COLS ") SELECT " RF_NODE_COLS(R, "(" R ".created_at + 28800) / 86400") \
	", " RF_REQ_VALUES(R, S) " FROM " RF_LENS ", " RF_DIMS " WHERE n.len <= length(" R ".division)" RF_UPSERT
/* the rated step T under its request's keys */
#define RF_STEP(T, S)                                                                                      \
	"INSERT INTO request_figures (" RF_COLS ") SELECT " RF_NODE_COLS("q", "(" T ".at + 28800) / 86400")        \
	", " RF_STEP_VALUES(T, S, "") " FROM requests q, " RF_LENS ", " RF_DIMS " WHERE q.id = " T ".request_id"  \
	" AND " T ".satisfaction IS NOT NULL AND n.len <= length(q.division)" RF_UPSERT
/* the rated steps of the request R under R's keys (moved when the keys change) */
#define RF_STEPS_OF(R, S)                                                                                  \
	"INSERT INTO request_figures (" RF_COLS ") SELECT " RF_NODE_COLS(R, "(s.at + 28800) / 86400")              \
	", " RF_STEP_VALUES("s", S, "SUM") " FROM request_steps s, " RF_LENS ", " RF_DIMS                        \
	" WHERE s.request_id = " R ".id AND s.satisfaction IS NOT NULL AND n.len <= length(" R ".division)"     \
	" GROUP BY 1, 2, 3, 4, 5" RF_UPSERT
/* a change of what a request counts for (NE: the backend's "is distinct from") */
#define RF_CHANGED(NE)                                                                                     \
	"old.division " NE " new.division OR old.created_at " NE " new.created_at OR old.channel " NE " new.channel" \
	" OR old.category " NE " new.category OR old.org_division " NE " new.org_division OR old.status " NE      \
	" new.status OR old.signed_at " NE " new.signed_at OR old.sign_due " NE " new.sign_due OR old.closed_at " \
	NE " new.closed_at OR old.close_due " NE " new.close_due OR old.reopen_count " NE " new.reopen_count"     \
	" OR old.mediation_outcome " NE " new.mediation_outcome OR old.supervised " NE " new.supervised"
/* a change of a request's keys: its rated steps move */
#define RF_KEYS_CHANGED(NE)                                                                                \
	"old.division " NE " new.division OR old.channel " NE " new.channel OR old.category " NE " new.category" \
	" OR old.org_division " NE " new.org_division"
#define RF_STEP_CHANGED(NE)                                                                                \
	"old.request_id " NE " new.request_id OR old.at " NE " new.at OR old.action " NE " new.action"           \
	" OR old.satisfaction " NE " new.satisfaction"
/* the existing requests and rated steps: each division's own rows by one grouped pass per
 * dimension, then every ancestor's from those (the bench's bulk load re-runs this) */
#define RF_FILL_DIM(DIM, KEY)                                                                              \
	"WITH x (division, day, key, received, signed_on_time, closed, closed_on_time, reopened, close_seconds," \
	" settled, supervised, first_time, callbacks_ok, callbacks, rated_ok, rated) AS ("                     \
	"SELECT q.division, (q.created_at + 28800) / 86400 AS day, " KEY " AS key, " RF_REQ_VALUES("q", "1") \
	" FROM requests q UNION ALL"                                                                            \
	" SELECT q.division, (s.at + 28800) / 86400, " KEY ", " RF_STEP_VALUES("s", "1", "")                    \
	" FROM request_steps s JOIN requests q ON q.id = s.request_id WHERE s.satisfaction IS NOT NULL"        \
	") INSERT INTO request_figures (" RF_COLS ") SELECT x.division, x.day, '" DIM "', x.key, NULL,"       \
	" SUM(x.received), SUM(x.signed_on_time), SUM(x.closed), SUM(x.closed_on_time), SUM(x.reopened),"      \
	" SUM(x.close_seconds), SUM(x.settled), SUM(x.supervised), SUM(x.first_time), SUM(x.callbacks_ok),"    \
	" SUM(x.callbacks), SUM(x.rated_ok), SUM(x.rated) FROM x GROUP BY x.division, x.day, x.key;"
#define RF_FILL                                                                                            \
	RF_FILL_DIM("all", "''")                                                                                \
	RF_FILL_DIM("channel", "q.channel")                                                                     \
	RF_FILL_DIM("category", "COALESCE((SELECT c.parent_code FROM request_categories c WHERE c.code = q.category), q.category)") \
	RF_FILL_DIM("level", "CASE length(q.org_division) WHEN 6 THEN 'county' WHEN 9 THEN 'township'"          \
		    " WHEN 12 THEN 'village' ELSE 'unassigned' END")                                                 \
	"INSERT INTO request_figures (" RF_COLS ") SELECT substr(f.node, 1, n.len), f.day, f.dim, f.key, NULL,"  \
	" SUM(f.received), SUM(f.signed_on_time), SUM(f.closed), SUM(f.closed_on_time),"   \
	" SUM(f.reopened), SUM(f.close_seconds), SUM(f.settled), SUM(f.supervised), SUM(f.first_time),"        \
	" SUM(f.callbacks_ok), SUM(f.callbacks), SUM(f.rated_ok), SUM(f.rated) FROM request_figures f, " RF_LENS \
	" WHERE n.len < length(f.node) GROUP BY 1, 2, 3, 4, 5" RF_UPSERT                                        \
	"UPDATE request_figures SET parent = CASE length(node) WHEN 0 THEN NULL WHEN 2 THEN '' ELSE"           \
	" substr(node, 1, CASE length(node) WHEN 4 THEN 2 WHEN 6 THEN 4 WHEN 9 THEN 6 WHEN 12 THEN 9 ELSE 12 END) END;"
/* the table (SQLite: WITHOUT ROWID, so that a node's days lie together in its primary key's
 * pages: a county's year is some 9,000 rows), filled, and its children's index */
#define RF_TABLE(OPTIONS)                                                                                  \
	"CREATE TABLE request_figures ("                                                                      \
	"  node TEXT NOT NULL, day BIGINT NOT NULL, dim TEXT NOT NULL, key TEXT NOT NULL, parent TEXT,"       \
	"  received BIGINT NOT NULL, signed_on_time BIGINT NOT NULL, closed BIGINT NOT NULL,"                  \
	"  closed_on_time BIGINT NOT NULL, reopened BIGINT NOT NULL, close_seconds BIGINT NOT NULL,"          \
	"  settled BIGINT NOT NULL, supervised BIGINT NOT NULL, first_time BIGINT NOT NULL,"                  \
	"  callbacks_ok BIGINT NOT NULL, callbacks BIGINT NOT NULL, rated_ok BIGINT NOT NULL, rated BIGINT NOT NULL," \
	"  PRIMARY KEY (node, day, dim, key)"                                                                 \
	")" OPTIONS ";"                                                                                      \
	RF_FILL                                                                                               \
	"CREATE INDEX request_figures_children ON request_figures(parent, dim, day);"

/* ---- the request figures by month as well (fig6, issue 16) ---------------------------------------
 * Beside each day row (day >= 0, days since 1970-01-01, China time) the same triggers keep a
 * month row: day = -YYYYMM of the day's month (-202603 for March 2026), so that a period of whole
 * months reads some 30 rows per node and year instead of 365; still one statement per level (the
 * two grains a cross join).  MON: the backend's spelling of -YYYYMM of the day number D. */
#define RF_MONTH_SQLITE(D) "-CAST(strftime('%Y%m', (" D ") * 86400, 'unixepoch') AS INTEGER)"
#define RF_MONTH_PG(D) "-CAST(to_char(DATE '1970-01-01' + CAST(" D " AS INTEGER), 'YYYYMM') AS BIGINT)"
#define RF_GRAINS "(SELECT 0 AS g UNION ALL SELECT 1) m"
#define RF_DAY_OR_MONTH(D, MON) "CASE m.g WHEN 0 THEN " D " ELSE " MON(D) " END"
#define RFM_REQ(R, S, MON)                                                                                 \
	"INSERT INTO request_figures (" RF_COLS ") SELECT "                                                   \
	RF_NODE_COLS(R, RF_DAY_OR_MONTH("(" R ".created_at + 28800) / 86400", MON))                           \
	", " RF_REQ_VALUES(R, S) " FROM " RF_LENS ", " RF_DIMS ", " RF_GRAINS                                  \
	" WHERE n.len <= length(" R ".division)" RF_UPSERT
#define RFM_STEP(T, S, MON)                                                                                \
	"INSERT INTO request_figures (" RF_COLS ") SELECT "                                                   \
	RF_NODE_COLS("q", RF_DAY_OR_MONTH("(" T ".at + 28800) / 86400", MON))                                  \
	", " RF_STEP_VALUES(T, S, "") " FROM requests q, " RF_LENS ", " RF_DIMS ", " RF_GRAINS                 \
	" WHERE q.id = " T ".request_id AND " T ".satisfaction IS NOT NULL AND n.len <= length(q.division)" RF_UPSERT
#define RFM_STEPS_OF(R, S, MON)                                                                            \
	"INSERT INTO request_figures (" RF_COLS ") SELECT "                                                   \
	RF_NODE_COLS(R, RF_DAY_OR_MONTH("(s.at + 28800) / 86400", MON))                                        \
	", " RF_STEP_VALUES("s", S, "SUM") " FROM request_steps s, " RF_LENS ", " RF_DIMS ", " RF_GRAINS        \
	" WHERE s.request_id = " R ".id AND s.satisfaction IS NOT NULL AND n.len <= length(" R ".division)"     \
	" GROUP BY 1, 2, 3, 4, 5" RF_UPSERT
/* the month rows of the existing day rows */
#define RFM_FILL(MON)                                                                                      \
	"INSERT INTO request_figures (" RF_COLS ") SELECT node, " MON("day") ", dim, key, parent,"             \
	" SUM(received), SUM(signed_on_time), SUM(closed), SUM(closed_on_time), SUM(reopened),"                \
	" SUM(close_seconds), SUM(settled), SUM(supervised), SUM(first_time), SUM(callbacks_ok),"              \
	" SUM(callbacks), SUM(rated_ok), SUM(rated) FROM request_figures WHERE day >= 0 GROUP BY 1, 2, 3, 4, 5;"

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
{
	.version = 2,
	.name = "divisions, party organisations, units, people",
	.sql =
	"CREATE TABLE divisions ("
	"  code @CODE@ PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  level TEXT NOT NULL,"
	"  parent_code @CODE@ REFERENCES divisions(code),"
	"  type TEXT,"
	"  households BIGINT,"
	"  population BIGINT,"
	"  poor_village INTEGER NOT NULL DEFAULT 0,"
	"  poor_county INTEGER NOT NULL DEFAULT 0,"
	"  western INTEGER NOT NULL DEFAULT 0,"
	"  grid_worker_id BIGINT,"
	"  grid_supervisor_id BIGINT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX divisions_parent ON divisions(parent_code);"
	"CREATE INDEX divisions_name ON divisions(name);"
	"CREATE TABLE orgs ("
	"  id @ID@,"
	"  name TEXT NOT NULL,"
	"  type TEXT NOT NULL,"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  parent_id BIGINT REFERENCES orgs(id),"
	"  secretary_id BIGINT,"
	"  founded_on TEXT,"
	"  demonstration INTEGER,"
	"  weak INTEGER,"
	"  theme_day BIGINT,"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX orgs_division ON orgs(division);"
	"CREATE INDEX orgs_parent ON orgs(parent_id);"
	"CREATE TABLE units ("
	"  id @ID@,"
	"  name TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  org_id BIGINT REFERENCES orgs(id),"
	"  contact_name TEXT,"
	"  contact_phone TEXT,"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX units_division ON units(division);"
	"CREATE TABLE people ("
	"  id @ID@,"
	"  name TEXT NOT NULL,"
	"  sex TEXT,"
	"  birth_date TEXT,"
	"  id_number TEXT UNIQUE,"
	"  phone TEXT,"
	"  ethnicity TEXT,"
	"  education TEXT,"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  unit_id BIGINT REFERENCES units(id),"
	"  org_id BIGINT REFERENCES orgs(id),"
	"  political_status TEXT,"
	"  joined_party_on TEXT,"
	"  member_status TEXT,"
	"  flowing_out INTEGER,"
	"  cadre_role TEXT,"
	"  position TEXT,"
	"  reserve_cadre INTEGER,"
	"  wealth_leader INTEGER,"
	"  rural_talent INTEGER,"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX people_division ON people(division);"
	"CREATE INDEX people_org ON people(org_id);"
	"CREATE INDEX people_name ON people(name);",
},
{
	.version = 3,
	.name = "household registry: households, members, income, guarantees, help, history, monitoring",
	.sql =
	"CREATE TABLE households ("
	"  id @ID@,"
	"  household_no TEXT NOT NULL UNIQUE,"
	"  head_name TEXT NOT NULL,"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  address TEXT,"
	"  phone TEXT,"
	"  status TEXT NOT NULL,"
	"  attribute TEXT,"
	"  id_standard TEXT,"
	"  identified_year BIGINT,"
	"  exited_year BIGINT,"
	"  main_cause TEXT,"
	"  secondary_causes TEXT,"
	"  cause_note TEXT,"
	"  land_mu DOUBLE PRECISION,"
	"  housing_area DOUBLE PRECISION,"
	"  housing_structure TEXT,"
	"  housing_grade TEXT,"
	"  housing_rebuilt INTEGER,"
	"  water_safe INTEGER,"
	"  relocation TEXT,"
	"  bank_name TEXT,"
	"  bank_account TEXT,"
	"  change_reason TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX households_division ON households(division);"
	"CREATE INDEX households_status ON households(status);"
	"CREATE INDEX households_head ON households(head_name);"
	"CREATE TABLE members ("
	"  id @ID@,"
	"  household_id BIGINT NOT NULL REFERENCES households(id),"
	"  division @CODE@ NOT NULL,"
	"  relation TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  sex TEXT,"
	"  birth_date TEXT,"
	"  id_number TEXT UNIQUE,"
	"  phone TEXT,"
	"  ethnicity TEXT,"
	"  political_status TEXT,"
	"  education TEXT,"
	"  school_status TEXT,"
	"  school_note TEXT,"
	"  health TEXT,"
	"  disability_grade BIGINT,"
	"  labour TEXT,"
	"  work_status TEXT,"
	"  months_worked BIGINT,"
	"  insured_medical INTEGER,"
	"  insured_serious INTEGER,"
	"  insured_pension INTEGER,"
	"  dibao INTEGER,"
	"  tekun INTEGER,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX members_household ON members(household_id);"
	"CREATE INDEX members_division ON members(division);"
	"CREATE INDEX members_name ON members(name);"
	"CREATE TABLE household_incomes ("
	"  household_id BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,"
	"  year BIGINT NOT NULL,"
	"  wages BIGINT NOT NULL DEFAULT 0,"
	"  production BIGINT NOT NULL DEFAULT 0,"
	"  property BIGINT NOT NULL DEFAULT 0,"
	"  transfers BIGINT NOT NULL DEFAULT 0,"
	"  costs BIGINT NOT NULL DEFAULT 0,"
	"  people BIGINT NOT NULL,"
	"  net BIGINT NOT NULL,"
	"  per_capita BIGINT NOT NULL,"
	"  note TEXT,"
	"  updated_at BIGINT NOT NULL,"
	"  PRIMARY KEY (household_id, year)"
	");"
	"CREATE TABLE household_guarantees ("
	"  household_id BIGINT NOT NULL REFERENCES households(id) ON DELETE CASCADE,"
	"  year BIGINT NOT NULL,"
	"  indicator TEXT NOT NULL,"
	"  value INTEGER NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  updated_at BIGINT NOT NULL,"
	"  PRIMARY KEY (household_id, year, indicator)"
	");"
	"CREATE TABLE measures ("
	"  id @ID@,"
	"  household_id BIGINT NOT NULL REFERENCES households(id),"
	"  division @CODE@ NOT NULL,"
	"  type TEXT NOT NULL,"
	"  batch TEXT,"
	"  content TEXT NOT NULL,"
	"  amount BIGINT,"
	"  unit_id BIGINT REFERENCES units(id),"
	"  given_on TEXT,"
	"  member_id BIGINT REFERENCES members(id),"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX measures_household ON measures(household_id);"
	"CREATE INDEX measures_division ON measures(division);"
	"CREATE TABLE household_history ("
	"  id @ID@,"
	"  household_id BIGINT NOT NULL,"
	"  at BIGINT NOT NULL,"
	"  user_id BIGINT,"
	"  username TEXT,"
	"  field TEXT NOT NULL,"
	"  old_value TEXT,"
	"  new_value TEXT,"
	"  reason TEXT"
	");"
	"CREATE INDEX household_history_household ON household_history(household_id);"
	"CREATE TABLE monitoring ("
	"  id @ID@,"
	"  household_id BIGINT NOT NULL REFERENCES households(id),"
	"  division @CODE@ NOT NULL,"
	"  category TEXT NOT NULL,"
	"  risk_types TEXT,"
	"  found_by TEXT,"
	"  started_on TEXT NOT NULL,"
	"  eliminated_on TEXT,"
	"  elimination_note TEXT,"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX monitoring_household ON monitoring(household_id);"
	"CREATE INDEX monitoring_division ON monitoring(division);"
	"CREATE TABLE income_lines ("
	"  year BIGINT NOT NULL,"
	"  province @CODE@ NOT NULL,"
	"  poverty_line BIGINT,"
	"  monitoring_line BIGINT,"
	"  PRIMARY KEY (year, province)"
	");"
	/* national defaults (province ''): the 2013 identification line, about
	 * 4000 in 2020, and the 2021 monitoring floor of 1.5x the line (domain.md 2.2, 3.3) */
	"INSERT INTO income_lines (year, province, poverty_line, monitoring_line) VALUES"
	"  (2013, '', 2736, NULL), (2020, '', 4000, NULL), (2021, '', 4000, 6000);",
},
{
	.version = 4,
	.name = "villagers' requests: categories, routing rules, working-day calendar, requests and their steps",
	.sql =
	"CREATE TABLE request_categories ("
	"  code TEXT PRIMARY KEY,"
	"  parent_code TEXT REFERENCES request_categories(code),"
	"  name TEXT NOT NULL,"
	"  name_en TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  level TEXT NOT NULL,"
	"  sign_days BIGINT NOT NULL,"
	"  reply_days BIGINT NOT NULL,"
	"  close_days BIGINT NOT NULL,"
	"  priority BIGINT NOT NULL,"
	"  sort BIGINT NOT NULL"
	");"
	"INSERT INTO request_categories (code, parent_code, name, name_en, kind, level, sign_days, reply_days,"
	" close_days, priority, sort) VALUES"
	"  ('help', NULL, '求助', 'Request for help', 'help', 'township', 1, 5, 10, 2, 1),"
	"  ('help.living', 'help', '生活困难求助', 'Hardship', 'help', 'township', 1, 5, 10, 2, 2),"
	"  ('help.medical', 'help', '就医求助', 'Medical help', 'help', 'township', 1, 3, 7, 1, 3),"
	"  ('consult', NULL, '咨询', 'Enquiry', 'consult', 'village', 1, 2, 5, 3, 4),"
	"  ('consult.policy', 'consult', '政策咨询', 'Policy enquiry', 'consult', 'township', 1, 2, 5, 3, 5),"
	"  ('consult.tourism', 'consult', '党建与乡村旅游咨询', 'Party affairs and rural tourism', 'consult', 'village', 1, 2, 5, 3, 6),"
	"  ('complaint', NULL, '投诉', 'Complaint', 'complaint', 'township', 1, 5, 10, 2, 7),"
	"  ('complaint.cadre', 'complaint', '干部作风投诉', 'Complaint about a cadre', 'complaint', 'county', 1, 5, 15, 1, 8),"
	"  ('suggestion', NULL, '建议', 'Suggestion', 'suggestion', 'township', 1, 7, 15, 3, 9),"
	"  ('dispute', NULL, '矛盾纠纷', 'Dispute', 'dispute', 'village', 1, 5, 15, 1, 10),"
	"  ('dispute.land', 'dispute', '土地山林纠纷', 'Land or forest dispute', 'dispute', 'township', 1, 7, 15, 1, 11),"
	"  ('dispute.neighbour', 'dispute', '邻里家庭纠纷', 'Neighbour or family dispute', 'dispute', 'village', 1, 3, 10, 2, 12),"
	"  ('policy', NULL, '政策落实', 'Policy implementation', 'complaint', 'township', 1, 5, 10, 2, 13),"
	"  ('policy.poverty', 'policy', '扶贫政策落实', 'Poverty-alleviation policy', 'complaint', 'township', 1, 5, 10, 1, 14),"
	"  ('infra', NULL, '基础设施', 'Infrastructure', 'help', 'township', 1, 5, 15, 2, 15),"
	"  ('infra.road', 'infra', '道路交通', 'Roads', 'help', 'township', 1, 7, 15, 2, 16),"
	"  ('infra.water', 'infra', '饮水供水', 'Drinking water', 'help', 'township', 1, 3, 7, 1, 17),"
	"  ('infra.lighting', 'infra', '路灯照明', 'Street lighting', 'help', 'village', 1, 5, 10, 3, 18),"
	"  ('infra.power', 'infra', '用电', 'Electricity', 'help', 'township', 1, 3, 7, 2, 19),"
	"  ('housing', NULL, '住房安全', 'Housing safety', 'help', 'township', 1, 5, 15, 1, 20),"
	"  ('health', NULL, '医疗卫生', 'Health', 'help', 'township', 1, 3, 10, 1, 21),"
	"  ('schooling', NULL, '教育就学', 'Schooling', 'help', 'township', 1, 5, 10, 2, 22),"
	"  ('industry', NULL, '产业发展', 'Industry and jobs', 'help', 'township', 1, 7, 15, 3, 23),"
	"  ('industry.jobs', 'industry', '就业务工', 'Jobs', 'help', 'township', 1, 5, 10, 2, 24),"
	"  ('environment', NULL, '环境卫生', 'Environment', 'complaint', 'village', 1, 5, 10, 3, 25),"
	"  ('other', NULL, '其他', 'Other', 'help', 'township', 1, 5, 15, 3, 26);"
	"CREATE TABLE routing_rules ("
	"  id @ID@,"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  category TEXT REFERENCES request_categories(code),"
	"  org_id BIGINT NOT NULL REFERENCES orgs(id),"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE TABLE calendar_days ("
	"  day TEXT PRIMARY KEY,"
	"  kind TEXT NOT NULL,"
	"  name TEXT NOT NULL"
	");"
	/* the State Council's holiday schedules: days off and make-up workdays (调休) */
	"INSERT INTO calendar_days (day, kind, name) VALUES"
	"  ('2025-01-01', 'off', '元旦'),"
	"  ('2025-01-28', 'off', '春节'),"
	"  ('2025-01-29', 'off', '春节'),"
	"  ('2025-01-30', 'off', '春节'),"
	"  ('2025-01-31', 'off', '春节'),"
	"  ('2025-02-01', 'off', '春节'),"
	"  ('2025-02-02', 'off', '春节'),"
	"  ('2025-02-03', 'off', '春节'),"
	"  ('2025-02-04', 'off', '春节'),"
	"  ('2025-04-04', 'off', '清明节'),"
	"  ('2025-04-05', 'off', '清明节'),"
	"  ('2025-04-06', 'off', '清明节'),"
	"  ('2025-05-01', 'off', '劳动节'),"
	"  ('2025-05-02', 'off', '劳动节'),"
	"  ('2025-05-03', 'off', '劳动节'),"
	"  ('2025-05-04', 'off', '劳动节'),"
	"  ('2025-05-05', 'off', '劳动节'),"
	"  ('2025-05-31', 'off', '端午节'),"
	"  ('2025-06-01', 'off', '端午节'),"
	"  ('2025-06-02', 'off', '端午节'),"
	"  ('2025-10-01', 'off', '国庆节、中秋节'),"
	"  ('2025-10-02', 'off', '国庆节、中秋节'),"
	"  ('2025-10-03', 'off', '国庆节、中秋节'),"
	"  ('2025-10-04', 'off', '国庆节、中秋节'),"
	"  ('2025-10-05', 'off', '国庆节、中秋节'),"
	"  ('2025-10-06', 'off', '国庆节、中秋节'),"
	"  ('2025-10-07', 'off', '国庆节、中秋节'),"
	"  ('2025-10-08', 'off', '国庆节、中秋节'),"
	"  ('2026-01-01', 'off', '元旦'),"
	"  ('2026-01-02', 'off', '元旦'),"
	"  ('2026-01-03', 'off', '元旦'),"
	"  ('2026-02-15', 'off', '春节'),"
	"  ('2026-02-16', 'off', '春节'),"
	"  ('2026-02-17', 'off', '春节'),"
	"  ('2026-02-18', 'off', '春节'),"
	"  ('2026-02-19', 'off', '春节'),"
	"  ('2026-02-20', 'off', '春节'),"
	"  ('2026-02-21', 'off', '春节'),"
	"  ('2026-02-22', 'off', '春节'),"
	"  ('2026-02-23', 'off', '春节'),"
	"  ('2026-04-04', 'off', '清明节'),"
	"  ('2026-04-05', 'off', '清明节'),"
	"  ('2026-04-06', 'off', '清明节'),"
	"  ('2026-05-01', 'off', '劳动节'),"
	"  ('2026-05-02', 'off', '劳动节'),"
	"  ('2026-05-03', 'off', '劳动节'),"
	"  ('2026-05-04', 'off', '劳动节'),"
	"  ('2026-05-05', 'off', '劳动节'),"
	"  ('2026-06-19', 'off', '端午节'),"
	"  ('2026-06-20', 'off', '端午节'),"
	"  ('2026-06-21', 'off', '端午节'),"
	"  ('2026-09-25', 'off', '中秋节'),"
	"  ('2026-09-26', 'off', '中秋节'),"
	"  ('2026-09-27', 'off', '中秋节'),"
	"  ('2026-10-01', 'off', '国庆节'),"
	"  ('2026-10-02', 'off', '国庆节'),"
	"  ('2026-10-03', 'off', '国庆节'),"
	"  ('2026-10-04', 'off', '国庆节'),"
	"  ('2026-10-05', 'off', '国庆节'),"
	"  ('2026-10-06', 'off', '国庆节'),"
	"  ('2026-10-07', 'off', '国庆节'),"
	"  ('2025-01-26', 'work', '春节调休'),"
	"  ('2025-02-08', 'work', '春节调休'),"
	"  ('2025-04-27', 'work', '劳动节调休'),"
	"  ('2025-09-28', 'work', '国庆节调休'),"
	"  ('2025-10-11', 'work', '国庆节调休'),"
	"  ('2026-01-04', 'work', '元旦调休'),"
	"  ('2026-02-14', 'work', '春节调休'),"
	"  ('2026-02-28', 'work', '春节调休'),"
	"  ('2026-05-09', 'work', '劳动节调休'),"
	"  ('2026-09-20', 'work', '国庆节调休'),"
	"  ('2026-10-10', 'work', '国庆节调休');"
	"CREATE TABLE requests ("
	"  id @ID@,"
	"  ticket TEXT NOT NULL UNIQUE,"
	"  idempotency_key TEXT UNIQUE,"
	"  channel TEXT NOT NULL,"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  category TEXT NOT NULL REFERENCES request_categories(code),"
	"  content TEXT NOT NULL,"
	"  requester_name TEXT,"
	"  requester_phone TEXT,"
	"  urgency TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  org_id BIGINT REFERENCES orgs(id),"
	"  org_division @CODE@,"
	"  escalated_org_id BIGINT REFERENCES orgs(id),"
	"  supervised INTEGER NOT NULL DEFAULT 0,"
	"  transfer_count BIGINT NOT NULL DEFAULT 0,"
	"  reopen_count BIGINT NOT NULL DEFAULT 0,"
	"  reply TEXT,"
	"  satisfaction TEXT,"
	"  mediation_outcome TEXT,"
	"  merged_into BIGINT,"
	"  source_ref TEXT,"
	"  created_by BIGINT,"
	"  created_at BIGINT NOT NULL,"
	"  sign_due BIGINT NOT NULL,"
	"  reply_due BIGINT NOT NULL,"
	"  close_due BIGINT NOT NULL,"
	"  signed_at BIGINT,"
	"  replied_at BIGINT,"
	"  closed_at BIGINT,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX requests_division ON requests(division);"
	"CREATE INDEX requests_org_division ON requests(org_division);"
	"CREATE INDEX requests_status ON requests(status);"
	"CREATE INDEX requests_created ON requests(created_at);"
	"CREATE INDEX requests_phone ON requests(requester_phone);"
	"CREATE TABLE request_steps ("
	"  id @ID@,"
	"  request_id BIGINT NOT NULL REFERENCES requests(id),"
	"  at BIGINT NOT NULL,"
	"  actor_id BIGINT,"
	"  actor_name TEXT,"
	"  action TEXT NOT NULL,"
	"  from_status TEXT,"
	"  to_status TEXT NOT NULL,"
	"  org_id BIGINT,"
	"  note TEXT"
	");"
	"CREATE INDEX request_steps_request ON request_steps(request_id);",
},
{
	.version = 5,
	.name = "name search indexes: FTS5 trigram on SQLite, pg_trgm on PostgreSQL",
	.sql = "SELECT 1;",
	.sqlite_sql =
	"CREATE VIRTUAL TABLE households_fts USING fts5(head_name, household_no, content='households',"
	" content_rowid='id', tokenize='trigram');"
	"CREATE VIRTUAL TABLE members_fts USING fts5(name, content='members', content_rowid='id', tokenize='trigram');"
	"CREATE TRIGGER households_fts_insert AFTER INSERT ON households BEGIN"
	"  INSERT INTO households_fts (rowid, head_name, household_no) VALUES (new.id, new.head_name, new.household_no);"
	" END;"
	"CREATE TRIGGER households_fts_delete AFTER DELETE ON households BEGIN"
	"  INSERT INTO households_fts (households_fts, rowid, head_name, household_no)"
	"  VALUES ('delete', old.id, old.head_name, old.household_no);"
	" END;"
	"CREATE TRIGGER households_fts_update AFTER UPDATE OF head_name, household_no ON households BEGIN"
	"  INSERT INTO households_fts (households_fts, rowid, head_name, household_no)"
	"  VALUES ('delete', old.id, old.head_name, old.household_no);"
	"  INSERT INTO households_fts (rowid, head_name, household_no) VALUES (new.id, new.head_name, new.household_no);"
	" END;"
	"CREATE TRIGGER members_fts_insert AFTER INSERT ON members BEGIN"
	"  INSERT INTO members_fts (rowid, name) VALUES (new.id, new.name);"
	" END;"
	"CREATE TRIGGER members_fts_delete AFTER DELETE ON members BEGIN"
	"  INSERT INTO members_fts (members_fts, rowid, name) VALUES ('delete', old.id, old.name);"
	" END;"
	"CREATE TRIGGER members_fts_update AFTER UPDATE OF name ON members BEGIN"
	"  INSERT INTO members_fts (members_fts, rowid, name) VALUES ('delete', old.id, old.name);"
	"  INSERT INTO members_fts (rowid, name) VALUES (new.id, new.name);"
	" END;"
	"INSERT INTO households_fts (households_fts) VALUES ('rebuild');"
	"INSERT INTO members_fts (members_fts) VALUES ('rebuild');",
	.pg_sql =
	"CREATE EXTENSION IF NOT EXISTS pg_trgm;"
	"CREATE INDEX households_head_trgm ON households USING gin (head_name gin_trgm_ops);"
	"CREATE INDEX households_no_trgm ON households USING gin (household_no gin_trgm_ops);"
	"CREATE INDEX members_name_trgm ON members USING gin (name gin_trgm_ops);",
},
{
	.version = 6,
	.name = "party organisational life: meetings, meeting-free days, meeting rules, notices and receipts, 四议两公开 decisions, trainings",
	.sql =
	"CREATE TABLE meetings ("
	"  id @ID@,"
	"  org_id BIGINT NOT NULL REFERENCES orgs(id),"
	"  division @CODE@ NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  starts_at BIGINT NOT NULL,"
	"  place TEXT,"
	"  host TEXT,"
	"  topic TEXT NOT NULL,"
	"  minutes TEXT,"
	"  decisions TEXT,"
	"  evidence TEXT,"
	"  expected BIGINT NOT NULL DEFAULT 0,"
	"  present BIGINT NOT NULL DEFAULT 0,"
	"  free_day INTEGER NOT NULL DEFAULT 0,"
	"  urgent INTEGER NOT NULL DEFAULT 0,"
	"  urgent_reason TEXT,"
	"  created_by BIGINT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX meetings_division ON meetings(division, starts_at);"
	"CREATE INDEX meetings_org ON meetings(org_id, kind, starts_at);"
	"CREATE TABLE meeting_attendees ("
	"  meeting_id BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
	"  person_id BIGINT NOT NULL REFERENCES people(id),"
	"  present INTEGER NOT NULL,"
	"  reason TEXT,"
	"  PRIMARY KEY (meeting_id, person_id)"
	");"
	"CREATE INDEX meeting_attendees_person ON meeting_attendees(person_id);"
	"CREATE TABLE meeting_free_days ("
	"  division @CODE@ PRIMARY KEY,"
	"  weekdays TEXT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE TABLE meeting_rules ("
	"  org_type TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  frequency TEXT NOT NULL,"
	"  times BIGINT NOT NULL DEFAULT 1,"
	"  per_leader INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (org_type, kind)"
	");"
	/* 支部工作条例 as operationalised (domain.md 4.1-4.3) and 乳源's 113 rules (seeds) */
	"INSERT INTO meeting_rules (org_type, kind, frequency, times, per_leader) VALUES"
	"  ('village_branch', 'branch_general', 'quarterly', 1, 0),"
	"  ('village_branch', 'branch_committee', 'monthly', 1, 0),"
	"  ('village_branch', 'party_group', 'monthly', 1, 0),"
	"  ('village_branch', 'party_lecture', 'quarterly', 1, 0),"
	"  ('village_branch', 'theme_day', 'monthly', 1, 0),"
	"  ('village_branch', 'org_life', 'yearly', 1, 0),"
	"  ('village_branch', 'member_review', 'yearly', 1, 0),"
	"  ('community_branch', 'branch_general', 'quarterly', 1, 0),"
	"  ('community_branch', 'branch_committee', 'monthly', 1, 0),"
	"  ('community_branch', 'party_group', 'monthly', 1, 0),"
	"  ('community_branch', 'party_lecture', 'quarterly', 1, 0),"
	"  ('community_branch', 'theme_day', 'monthly', 1, 0),"
	"  ('community_branch', 'org_life', 'yearly', 1, 0),"
	"  ('community_branch', 'member_review', 'yearly', 1, 0),"
	"  ('organ_branch', 'branch_general', 'quarterly', 1, 0),"
	"  ('organ_branch', 'branch_committee', 'monthly', 1, 0),"
	"  ('organ_branch', 'party_group', 'monthly', 1, 0),"
	"  ('organ_branch', 'party_lecture', 'quarterly', 1, 0),"
	"  ('organ_branch', 'theme_day', 'monthly', 1, 0),"
	"  ('organ_branch', 'org_life', 'yearly', 1, 0),"
	"  ('organ_branch', 'member_review', 'yearly', 1, 0),"
	"  ('enterprise_branch', 'branch_general', 'quarterly', 1, 0),"
	"  ('enterprise_branch', 'branch_committee', 'monthly', 1, 0),"
	"  ('enterprise_branch', 'party_group', 'monthly', 1, 0),"
	"  ('enterprise_branch', 'party_lecture', 'quarterly', 1, 0),"
	"  ('enterprise_branch', 'theme_day', 'monthly', 1, 0),"
	"  ('enterprise_branch', 'org_life', 'yearly', 1, 0),"
	"  ('enterprise_branch', 'member_review', 'yearly', 1, 0),"
	"  ('general_branch', 'branch_general', 'quarterly', 1, 0),"
	"  ('general_branch', 'branch_committee', 'monthly', 1, 0),"
	"  ('general_branch', 'party_group', 'monthly', 1, 0),"
	"  ('general_branch', 'party_lecture', 'quarterly', 1, 0),"
	"  ('general_branch', 'theme_day', 'monthly', 1, 0),"
	"  ('general_branch', 'org_life', 'yearly', 1, 0),"
	"  ('general_branch', 'member_review', 'yearly', 1, 0),"
	"  ('township_committee', 'township_village_work', 'weekly', 1, 0),"
	"  ('township_committee', 'area_meeting', 'weekly', 1, 1);"
	"CREATE TABLE notices ("
	"  id @ID@,"
	"  org_id BIGINT NOT NULL REFERENCES orgs(id),"
	"  division @CODE@ NOT NULL,"
	"  title TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  attachments TEXT,"
	"  is_task INTEGER NOT NULL DEFAULT 0,"
	"  due_at BIGINT,"
	"  target_division @CODE@ NOT NULL,"
	"  target_types TEXT,"
	"  created_by BIGINT,"
	"  created_at BIGINT NOT NULL"
	");"
	"CREATE INDEX notices_division ON notices(division);"
	"CREATE TABLE notice_receipts ("
	"  notice_id BIGINT NOT NULL REFERENCES notices(id),"
	"  org_id BIGINT NOT NULL REFERENCES orgs(id),"
	"  division @CODE@ NOT NULL,"
	"  read_at BIGINT,"
	"  signed_at BIGINT,"
	"  signed_by BIGINT,"
	"  reported_at BIGINT,"
	"  report TEXT,"
	"  reminders BIGINT NOT NULL DEFAULT 0,"
	"  reminded_at BIGINT,"
	"  PRIMARY KEY (notice_id, org_id)"
	");"
	"CREATE INDEX notice_receipts_division ON notice_receipts(division);"
	"CREATE TABLE decisions ("
	"  id @ID@,"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  title TEXT NOT NULL,"
	"  content TEXT NOT NULL,"
	"  stage BIGINT NOT NULL DEFAULT 0,"
	"  created_by BIGINT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX decisions_division ON decisions(division);"
	"CREATE TABLE decision_steps ("
	"  id @ID@,"
	"  decision_id BIGINT NOT NULL REFERENCES decisions(id),"
	"  seq BIGINT NOT NULL,"
	"  step TEXT NOT NULL,"
	"  meeting_id BIGINT REFERENCES meetings(id),"
	"  total BIGINT,"
	"  present BIGINT,"
	"  votes_for BIGINT,"
	"  note TEXT,"
	"  at BIGINT NOT NULL,"
	"  actor_id BIGINT,"
	"  actor_name TEXT,"
	"  UNIQUE (decision_id, seq)"
	");"
	"CREATE TABLE trainings ("
	"  id @ID@,"
	"  org_id BIGINT NOT NULL REFERENCES orgs(id),"
	"  division @CODE@ NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  venue TEXT,"
	"  starts_at BIGINT NOT NULL,"
	"  minutes BIGINT NOT NULL,"
	"  created_by BIGINT,"
	"  created_at BIGINT NOT NULL"
	");"
	"CREATE INDEX trainings_division ON trainings(division, starts_at);"
	"CREATE TABLE training_attendees ("
	"  training_id BIGINT NOT NULL REFERENCES trainings(id),"
	"  person_id BIGINT NOT NULL REFERENCES people(id),"
	"  division @CODE@ NOT NULL,"
	"  PRIMARY KEY (training_id, person_id)"
	");"
	"CREATE INDEX training_attendees_person ON training_attendees(person_id);"
	"CREATE INDEX training_attendees_division ON training_attendees(division);",
},
{
	.version = 7,
	.name = "indexes for open requests (escalation sweep, inboxes)",
	.sql =
	"CREATE INDEX requests_open_escalated ON requests(escalated_org_id)"
	" WHERE status NOT IN ('closed', 'merged', 'withdrawn');"
	"CREATE INDEX requests_open_division ON requests(division)"
	" WHERE status NOT IN ('closed', 'merged', 'withdrawn');"
	"CREATE INDEX requests_open_org_division ON requests(org_division)"
	" WHERE status NOT IN ('closed', 'merged', 'withdrawn');",
},
{
	.version = 8,
	.name = "village disclosures (党务村务公开) and democratic review of members (民主评议)",
	.sql =
	"CREATE TABLE disclosures ("
	"  id @ID@,"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  kind TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  content TEXT NOT NULL,"
	"  period TEXT,"
	"  published_on TEXT NOT NULL,"
	"  decision_id BIGINT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX disclosures_division ON disclosures(division, published_on);"
	"CREATE TABLE member_reviews ("
	"  id @ID@,"
	"  person_id BIGINT NOT NULL REFERENCES people(id),"
	"  org_id BIGINT NOT NULL REFERENCES orgs(id),"
	"  division @CODE@ NOT NULL,"
	"  year BIGINT NOT NULL,"
	"  grade TEXT NOT NULL,"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL,"
	"  UNIQUE (person_id, year)"
	");"
	"CREATE INDEX member_reviews_org ON member_reviews(org_id, year);",
},
{
	.version = 9,
	.name = "family party schools (农村家庭党校), their sessions, 一肩挑 village branches, files of task reports",
	.sql =
	"ALTER TABLE orgs ADD COLUMN secretary_is_director INTEGER;"
	"ALTER TABLE notice_receipts ADD COLUMN report_files TEXT;"
	"CREATE TABLE family_schools ("
	"  id @ID@,"
	"  name TEXT NOT NULL,"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  org_id BIGINT NOT NULL REFERENCES orgs(id),"
	"  host_id BIGINT REFERENCES people(id),"
	"  address TEXT,"
	"  activity_day BIGINT NOT NULL,"
	"  exchange_week BIGINT NOT NULL,"
	"  founded_on TEXT,"
	"  closed_on TEXT,"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX family_schools_division ON family_schools(division);"
	"ALTER TABLE trainings ADD COLUMN school_id BIGINT REFERENCES family_schools(id);"
	"ALTER TABLE trainings ADD COLUMN exchange INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX trainings_school ON trainings(school_id, starts_at);",
},
{
	.version = 10,
	.name = "responsibility lists, task lists and weekly scheduling (责任清单, 任务清单, 周调度)",
	.sql =
	"CREATE TABLE duty_lists ("
	"  id @ID@,"
	"  title TEXT NOT NULL,"
	"  year BIGINT NOT NULL,"
	"  level TEXT NOT NULL,"
	"  org_id BIGINT REFERENCES orgs(id),"
	"  org_type TEXT,"
	"  holder_role TEXT,"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX duty_lists_division ON duty_lists(division, year);"
	"CREATE INDEX duty_lists_org ON duty_lists(org_id, year);"
	"CREATE TABLE duty_items ("
	"  id @ID@,"
	"  list_id BIGINT NOT NULL REFERENCES duty_lists(id),"
	"  division @CODE@ NOT NULL,"
	"  seq BIGINT,"
	"  title TEXT NOT NULL,"
	"  content TEXT,"
	"  category TEXT,"
	"  basis TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX duty_items_list ON duty_items(list_id, seq);"
	"CREATE INDEX duty_items_division ON duty_items(division);"
	"CREATE TABLE task_items ("
	"  id @ID@,"
	"  org_id BIGINT NOT NULL REFERENCES orgs(id),"
	"  division @CODE@ NOT NULL,"
	"  person_id BIGINT REFERENCES people(id),"
	"  year BIGINT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  content TEXT,"
	"  category TEXT,"
	"  source TEXT,"
	"  deadline TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  completed_on TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX task_items_division ON task_items(division, year);"
	"CREATE INDEX task_items_org ON task_items(org_id);"
	"CREATE TABLE task_progress ("
	"  id @ID@,"
	"  task_id BIGINT NOT NULL REFERENCES task_items(id),"
	"  at BIGINT NOT NULL,"
	"  user_id BIGINT,"
	"  username TEXT,"
	"  text TEXT NOT NULL,"
	"  status TEXT NOT NULL"
	");"
	"CREATE INDEX task_progress_task ON task_progress(task_id, at);"
	"CREATE TABLE schedules ("
	"  id @ID@,"
	"  org_id BIGINT NOT NULL REFERENCES orgs(id),"
	"  division @CODE@ NOT NULL,"
	"  week TEXT NOT NULL,"
	"  week_start TEXT NOT NULL,"
	"  title TEXT,"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL,"
	"  UNIQUE (org_id, week)"
	");"
	"CREATE INDEX schedules_division ON schedules(division, week);"
	"CREATE TABLE schedule_items ("
	"  id @ID@,"
	"  schedule_id BIGINT NOT NULL REFERENCES schedules(id),"
	"  org_id BIGINT NOT NULL REFERENCES orgs(id),"
	"  division @CODE@ NOT NULL,"
	"  week TEXT NOT NULL,"
	"  matter TEXT NOT NULL,"
	"  resp_org_id BIGINT REFERENCES orgs(id),"
	"  resp_division @CODE@ NOT NULL,"
	"  progress TEXT,"
	"  problem TEXT,"
	"  next_step TEXT,"
	"  status TEXT NOT NULL,"
	"  due TEXT,"
	"  done_on TEXT,"
	"  closed_week TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX schedule_items_org_week ON schedule_items(org_id, week);"
	"CREATE INDEX schedule_items_resp ON schedule_items(resp_division);",
},
{
	.version = 11,
	.name = "bulk imports: one audit row per entity and import with its id runs; indexes no query used dropped",
	/* An import's created records are audited by one row per entity, whose
	 * runs of ids (per division) answer GET /audit?entity_id= (audit.h).
	 * No query reads households by status (the planner chose it over the
	 * division range and then counted every poor household of the
	 * database) or by exact name (names are searched as substrings). */
	.sql =
	"CREATE TABLE audit_ranges ("
	"  audit_id BIGINT NOT NULL REFERENCES audit_log(id),"
	"  entity TEXT NOT NULL,"
	"  division @CODE@ NOT NULL,"
	"  first_id BIGINT NOT NULL,"
	"  last_id BIGINT NOT NULL"
	");"
	"CREATE INDEX audit_ranges_entity ON audit_ranges(entity, first_id);"
	"DROP INDEX households_status;"
	"DROP INDEX households_head;"
	"DROP INDEX members_name;",
	/* household numbers are searched by prefix on their unique index, so the
	 * trigram index keeps the head's name only (15 trigrams a household less) */
	.sqlite_sql =
	"DROP TRIGGER households_fts_insert;"
	"DROP TRIGGER households_fts_delete;"
	"DROP TRIGGER households_fts_update;"
	"DROP TABLE households_fts;"
	"CREATE VIRTUAL TABLE households_fts USING fts5(head_name, content='households', content_rowid='id',"
	" tokenize='trigram');"
	"CREATE TRIGGER households_fts_insert AFTER INSERT ON households BEGIN"
	"  INSERT INTO households_fts (rowid, head_name) VALUES (new.id, new.head_name);"
	" END;"
	"CREATE TRIGGER households_fts_delete AFTER DELETE ON households BEGIN"
	"  INSERT INTO households_fts (households_fts, rowid, head_name) VALUES ('delete', old.id, old.head_name);"
	" END;"
	"CREATE TRIGGER households_fts_update AFTER UPDATE OF head_name ON households BEGIN"
	"  INSERT INTO households_fts (households_fts, rowid, head_name) VALUES ('delete', old.id, old.head_name);"
	"  INSERT INTO households_fts (rowid, head_name) VALUES (new.id, new.head_name);"
	" END;"
	"INSERT INTO households_fts (households_fts) VALUES ('rebuild');",
	.pg_sql =
	"DROP INDEX households_no_trgm;"
	"CREATE INDEX households_no_prefix ON households (household_no text_pattern_ops);",
},
{
	.version = 12,
	.name = "members by division and name: a name search shorter than a trigram reads the index only",
	/* a 1- or 2-character name is matched by LIKE over the members in scope;
	 * with the name in the division index that scan never reads the table */
	.sql =
	"DROP INDEX members_division;"
	"CREATE INDEX members_division ON members(division, name);",
},
{
	.version = 13,
	.name = "password history: the hashes a user's password had, for password-history",
	.sql =
	"CREATE TABLE password_history ("
	"  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  password_hash TEXT NOT NULL,"
	"  replaced_at BIGINT NOT NULL"
	");"
	"CREATE INDEX password_history_user ON password_history(user_id, replaced_at);",
},
{
	.version = 14,
	.name = "registry: a household's poverty status and its monitoring apart (监测对象 and 风险已消除 leave 户状态); GB 3304 ethnicity codes",
	/*
	 * 户状态 keeps the poverty status only; monitoring is the monitoring
	 * record (category, dates, 风险消除方式) and households.monitor_category
	 * the category of the open case.  A household whose status was
	 * 监测对象 or 风险已消除 gets the status it had before (its history, else
	 * what its years say), a monitoring record when it had none, and a
	 * history row for the change.  Ethnicity: 佤族 was stored as 22 (畲族's
	 * code) and 德昂族 as 33 (羌族's); neither 畲族 nor 羌族 could be stored.
	 */
	.sql =
	"ALTER TABLE households ADD COLUMN monitor_category TEXT;"
	"ALTER TABLE monitoring ADD COLUMN elimination_method TEXT;"
	"CREATE INDEX monitoring_open ON monitoring(household_id, eliminated_on);"
	"UPDATE members SET ethnicity = '21' WHERE ethnicity = '22';"
	"UPDATE members SET ethnicity = '46' WHERE ethnicity = '33';"
	"UPDATE people SET ethnicity = '21' WHERE ethnicity = '22';"
	"UPDATE people SET ethnicity = '46' WHERE ethnicity = '33';",
	.sqlite_sql = MONITORING_SPLIT("date(", ", 'unixepoch', '+8 hours')"),
	.pg_sql = MONITORING_SPLIT("to_char(to_timestamp(", ") AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')"),
},
{
	.version = 15,
	.name = "procedures: identification, exit, monitoring and risk elimination as steps with votes, evidence and notices",
	.sql =
	"CREATE TABLE procedure_batches ("
	"  id @ID@,"
	"  kind TEXT NOT NULL,"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  year BIGINT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  created_by BIGINT,"
	"  created_at BIGINT NOT NULL"
	");"
	"CREATE INDEX procedure_batches_division ON procedure_batches(division);"
	"CREATE TABLE procedures ("
	"  id @ID@,"
	"  kind TEXT NOT NULL,"
	"  household_id BIGINT REFERENCES households(id),"   /* NULL: the case of a place (a village or county exit) */
	"  division @CODE@ NOT NULL,"
	"  year BIGINT NOT NULL,"
	"  batch_id BIGINT REFERENCES procedure_batches(id),"
	"  step TEXT NOT NULL,"            /* the next step to take; '' when closed */
	"  status TEXT NOT NULL,"          /* open, done, rejected, withdrawn */
	"  source TEXT,"
	"  category TEXT,"                 /* monitoring: the category it proposes; elimination: the way */
	"  notice_ends_at BIGINT,"         /* a notice running until then */
	"  objections BIGINT NOT NULL DEFAULT 0,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX procedures_division ON procedures(division, kind, status);"
	"CREATE INDEX procedures_batch ON procedures(batch_id);"
	/* one open case of a kind per household */
	"CREATE UNIQUE INDEX procedures_open ON procedures(household_id, kind) WHERE status = 'open';"
	"CREATE UNIQUE INDEX procedures_open_place ON procedures(division, kind) WHERE status = 'open'"
	" AND household_id IS NULL;"
	"CREATE TABLE procedure_steps ("
	"  id @ID@,"
	"  procedure_id BIGINT NOT NULL REFERENCES procedures(id),"
	"  step TEXT NOT NULL,"
	"  action TEXT NOT NULL,"          /* take, object, reject, withdraw */
	"  at BIGINT NOT NULL,"
	"  user_id BIGINT,"
	"  username TEXT,"
	"  role TEXT,"
	"  votes_for BIGINT,"
	"  votes_against BIGINT,"
	"  votes_abstain BIGINT,"
	"  evidence TEXT,"                 /* JSON array of file names */
	"  note TEXT"
	");"
	"CREATE INDEX procedure_steps_procedure ON procedure_steps(procedure_id, id);",
},
{
	.version = 16,
	.name = "sampling audits: a stratified sample of households and the field findings (两率一度)",
	.sql =
	"CREATE TABLE samplings ("
	"  id @ID@,"
	"  name TEXT NOT NULL,"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  year BIGINT NOT NULL,"
	"  seed BIGINT NOT NULL,"
	"  created_by BIGINT,"
	"  created_at BIGINT NOT NULL"
	");"
	"CREATE INDEX samplings_division ON samplings(division);"
	"CREATE TABLE sampling_households ("
	"  sampling_id BIGINT NOT NULL REFERENCES samplings(id),"
	"  household_id BIGINT NOT NULL REFERENCES households(id),"
	"  grp TEXT NOT NULL,"               /* registered, exited, unregistered */
	"  township @CODE@ NOT NULL,"
	"  people BIGINT NOT NULL,"
	"  rightly_identified INTEGER,"
	"  rightly_exited INTEGER,"
	"  should_be_in INTEGER,"
	"  recognises INTEGER,"
	"  note TEXT,"
	"  surveyed_at BIGINT,"
	"  surveyed_by BIGINT,"
	"  PRIMARY KEY (sampling_id, household_id)"
	");",
},
{
	.version = 17,
	.name = "回头看: re-check campaigns and each listed household's finding",
	.sql =
	"CREATE TABLE rechecks ("
	"  id @ID@,"
	"  name TEXT NOT NULL,"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  year BIGINT NOT NULL,"
	"  created_by BIGINT,"
	"  created_at BIGINT NOT NULL"
	");"
	"CREATE INDEX rechecks_division ON rechecks(division);"
	"CREATE TABLE recheck_households ("
	"  recheck_id BIGINT NOT NULL REFERENCES rechecks(id),"
	"  household_id BIGINT NOT NULL REFERENCES households(id),"
	"  township @CODE@ NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  finding TEXT,"                   /* rightly_in, should_be_out, missed, fine */
	"  action TEXT,"
	"  done_at BIGINT,"
	"  done_by BIGINT,"
	"  PRIMARY KEY (recheck_id, household_id)"
	");",
},
{
	.version = 18,
	.name = "audit retention: audit rows and their id runs deleted only by the retention purge, never under 180 days old",
	/* audit_purge holds one number, the purge window: the retention purge
	 * (audit_purge in model/audit.c) sets it to its cutoff, deletes the
	 * rows older than that, and sets it back to 0, in one transaction.  The
	 * triggers refuse every UPDATE of audit_log and audit_ranges, every
	 * DELETE of a row at or after the window, and a window later than 180
	 * days before the database's own clock (等保: audit records kept at
	 * least six months), so no path deletes a younger row. */
	.sql =
	"CREATE TABLE audit_purge (purge_before BIGINT NOT NULL);"
	"INSERT INTO audit_purge (purge_before) VALUES (0);",
	.sqlite_sql =
	"DROP TRIGGER audit_log_no_delete;"
	"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
	" WHEN OLD.at >= (SELECT purge_before FROM audit_purge)"
	" BEGIN SELECT RAISE(ABORT, 'audit_log is append-only (only the retention purge deletes old rows)'); END;"
	"CREATE TRIGGER audit_ranges_no_update BEFORE UPDATE ON audit_ranges"
	" BEGIN SELECT RAISE(ABORT, 'audit_ranges is append-only'); END;"
	"CREATE TRIGGER audit_ranges_no_delete BEFORE DELETE ON audit_ranges"
	" WHEN (SELECT at FROM audit_log WHERE id = OLD.audit_id) >= (SELECT purge_before FROM audit_purge)"
	" BEGIN SELECT RAISE(ABORT, 'audit_ranges is append-only (only the retention purge deletes old rows)'); END;"
	"CREATE TRIGGER audit_purge_floor BEFORE UPDATE ON audit_purge"
	" WHEN NEW.purge_before > CAST(strftime('%s', 'now') AS INTEGER) - 15552000"
	" BEGIN SELECT RAISE(ABORT, 'audit rows younger than 180 days are kept'); END;"
	"CREATE TRIGGER audit_purge_no_insert BEFORE INSERT ON audit_purge"
	" BEGIN SELECT RAISE(ABORT, 'audit_purge has exactly one row'); END;"
	"CREATE TRIGGER audit_purge_no_delete BEFORE DELETE ON audit_purge"
	" BEGIN SELECT RAISE(ABORT, 'audit_purge has exactly one row'); END;",
	.pg_sql =
	"CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
	" BEGIN"
	"  IF TG_OP = 'DELETE' AND OLD.at < (SELECT purge_before FROM audit_purge) THEN RETURN OLD; END IF;"
	"  RAISE EXCEPTION 'audit_log is append-only (only the retention purge deletes old rows)';"
	" END $$;"
	"CREATE FUNCTION audit_ranges_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
	" BEGIN"
	"  IF TG_OP = 'DELETE' AND (SELECT at FROM audit_log WHERE id = OLD.audit_id) < (SELECT purge_before FROM audit_purge)"
	"  THEN RETURN OLD; END IF;"
	"  RAISE EXCEPTION 'audit_ranges is append-only (only the retention purge deletes old rows)';"
	" END $$;"
	"CREATE TRIGGER audit_ranges_no_change BEFORE UPDATE OR DELETE ON audit_ranges"
	" FOR EACH ROW EXECUTE FUNCTION audit_ranges_append_only();"
	"CREATE TRIGGER audit_ranges_no_truncate BEFORE TRUNCATE ON audit_ranges"
	" FOR EACH STATEMENT EXECUTE FUNCTION audit_ranges_append_only();"
	"CREATE FUNCTION audit_purge_guard() RETURNS trigger LANGUAGE plpgsql AS $$"
	" BEGIN"
	"  IF TG_OP = 'UPDATE' AND NEW.purge_before <= CAST(EXTRACT(EPOCH FROM now()) AS BIGINT) - 15552000"
	"  THEN RETURN NEW; END IF;"
	"  RAISE EXCEPTION 'audit rows younger than 180 days are kept; audit_purge has exactly one row';"
	" END $$;"
	"CREATE TRIGGER audit_purge_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_purge"
	" FOR EACH ROW EXECUTE FUNCTION audit_purge_guard();"
	"CREATE TRIGGER audit_purge_no_truncate BEFORE TRUNCATE ON audit_purge"
	" FOR EACH STATEMENT EXECUTE FUNCTION audit_purge_guard();",
},
{
	.version = 19,
	.name = "account expiry: the last day (China time) an account may log in",
	/* NULL: the account does not expire (every existing account) */
	.sql =
	"ALTER TABLE users ADD COLUMN expires_on TEXT;",
},
{
	.version = 20,
	.name = "village and county exit: the year a poor village or county exited, and a village's recorded exit conditions",
	.sql =
	"ALTER TABLE divisions ADD COLUMN poverty_exit_year BIGINT;"
	"CREATE TABLE village_conditions ("
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  year BIGINT NOT NULL,"
	"  indicator TEXT NOT NULL,"
	"  met INTEGER NOT NULL,"
	"  note TEXT,"
	"  updated_at BIGINT NOT NULL,"
	"  PRIMARY KEY (division, year, indicator)"
	");",
},
{
	.version = 21,
	.name = "party life: planned and held meetings, the 党员大会 quorum, meeting rules by place, notices to one organisation per village",
	/* a meeting is planned until it is held (only held meetings count); a 党员大会
	 * records the full members entitled to attend and whether more than half came;
	 * a meeting rule has a place (a division subtree, '' national): 乳源's weekly
	 * township meetings on village work and area meetings become 440232's rules;
	 * a notice may reach one organisation per village */
	.sql =
	"ALTER TABLE meetings ADD COLUMN status TEXT NOT NULL DEFAULT 'held';"
	"ALTER TABLE meetings ADD COLUMN entitled BIGINT;"
	"ALTER TABLE meetings ADD COLUMN quorum INTEGER;"
	"CREATE TABLE meeting_rules_placed ("
	"  division @CODE@ NOT NULL DEFAULT '',"
	"  org_type TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  frequency TEXT NOT NULL,"
	"  times BIGINT NOT NULL DEFAULT 1,"
	"  per_leader INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (division, org_type, kind)"
	");"
	"INSERT INTO meeting_rules_placed (division, org_type, kind, frequency, times, per_leader)"
	" SELECT CASE WHEN kind IN ('township_village_work', 'area_meeting') THEN '440232' ELSE '' END,"
	" org_type, kind, frequency, times, per_leader FROM meeting_rules;"
	"DROP TABLE meeting_rules;"
	"ALTER TABLE meeting_rules_placed RENAME TO meeting_rules;"
	"ALTER TABLE notices ADD COLUMN one_per_village INTEGER NOT NULL DEFAULT 0;",
	/* meetings recorded with a future date were plans */
	.sqlite_sql = "UPDATE meetings SET status = 'planned' WHERE starts_at > CAST(strftime('%s', 'now') AS INTEGER);",
	.pg_sql = "UPDATE meetings SET status = 'planned' WHERE starts_at > CAST(extract(epoch FROM now()) AS BIGINT);",
},
{
	.version = 22,
	.name = "procedure settings: notice days and exit thresholds by year and place",
	.sql =
	"CREATE TABLE procedure_settings ("
	"  kind TEXT NOT NULL,"
	"  step TEXT NOT NULL,"              /* the notice step; '' for a kind-wide setting */
	"  setting TEXT NOT NULL,"           /* notice_days, incidence_permille */
	"  place @CODE@ NOT NULL,"           /* '' national, a province, a city or a county */
	"  year_from BIGINT NOT NULL,"
	"  value BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL,"
	"  PRIMARY KEY (kind, step, setting, place, year_from)"
	");",
},
{
	.version = 23,
	/* requests (issue 13): every callback's rating kept on its step, so that
	 * 满意率 counts each callback in the period it happened (an unsatisfied one
	 * reopens the request and the request's own column is overwritten); the
	 * escalation target of each organisation type, per county (督办 goes to
	 * the supervising level, not up the party tree) */
	.name = "requests: each callback's rating on its step; escalation targets per county and organisation type",
	.sql =
	"ALTER TABLE request_steps ADD COLUMN satisfaction TEXT;"
	"UPDATE request_steps SET satisfaction = note WHERE action = 'visit'"
	" AND note IN ('satisfied', 'basic', 'unsatisfied');"
	"CREATE INDEX request_steps_rated ON request_steps(at) WHERE satisfaction IS NOT NULL;"
	"CREATE TABLE request_escalation_targets ("
	"  id @ID@,"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  org_type TEXT NOT NULL,"
	"  target_org_id BIGINT NOT NULL REFERENCES orgs(id),"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX request_escalation_targets_division ON request_escalation_targets(division);",
},
{
	.version = 24,
	.name = "personal data encrypted at rest: the key check value, keyed hashes of ID numbers and requesters' phones",
	/* ID numbers, phones and bank accounts are stored sealed (db/at_rest.h); the
	 * key check value ties the database to its key file, and SQL compares ID
	 * numbers and a requester's phone through their keyed hashes.  The hash
	 * ignores the case of the check character, so a database from before may
	 * hold two rows with one hash (the data check member_id_duplicate reports
	 * them): the index is not unique, and the writers refuse a number already
	 * registered (crud's uniqueness check, the import's look-up by hash).
	 * at_rest_open seals the existing rows. */
	.sql =
	"CREATE TABLE crypt_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"ALTER TABLE people ADD COLUMN id_number_hash TEXT;"
	"ALTER TABLE members ADD COLUMN id_number_hash TEXT;"
	"ALTER TABLE requests ADD COLUMN requester_phone_hash TEXT;"
	"CREATE INDEX people_id_hash ON people(id_number_hash);"
	"CREATE INDEX members_id_hash ON members(id_number_hash);"
	"DROP INDEX requests_phone;"
	"CREATE INDEX requests_phone_hash ON requests(requester_phone_hash);",
	/* a sealed value is never equal to another: the plaintext's unique
	 * constraints go (SQLite keeps its inline ones, which cannot be dropped) */
	.pg_sql =
	"ALTER TABLE people DROP CONSTRAINT people_id_number_key;"
	"ALTER TABLE members DROP CONSTRAINT members_id_number_key;",
},
{
	.version = 25,
	.name = "pairings: 片区, pairings (挂包帮, 113, 帮扶责任人, 1+X, grids), resident work teams, coverage rules, visits,"
		" leaves, check-ins, absences found by inspections, cadre accounts",
	/* issue 15: who helps whom, with dates (history kept: an ended pairing keeps its row), the teams
	 * sent to villages, the coverage rules of a place, home visits (client_key: a phone's resend is
	 * stored once), resident cadres' leave and presence, and the person a cadre account acts as */
	.sql =
	"CREATE TABLE pairing_areas ("
	"  id @ID@,"
	"  name TEXT NOT NULL,"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  villages TEXT NOT NULL,"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX pairing_areas_division ON pairing_areas(division);"
	"CREATE TABLE pairings ("
	"  id @ID@,"
	"  kind TEXT NOT NULL,"
	"  division @CODE@ NOT NULL,"
	"  unit_id BIGINT REFERENCES units(id),"
	"  org_id BIGINT REFERENCES orgs(id),"
	"  person_id BIGINT REFERENCES people(id),"
	"  household_id BIGINT REFERENCES households(id),"
	"  target @CODE@,"
	"  area_id BIGINT REFERENCES pairing_areas(id),"
	"  group_name TEXT,"
	"  start_on TEXT NOT NULL,"
	"  end_on TEXT,"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX pairings_division ON pairings(division, kind);"
	"CREATE INDEX pairings_person ON pairings(person_id, kind);"
	"CREATE INDEX pairings_household ON pairings(household_id);"
	"CREATE INDEX pairings_target ON pairings(target, kind);"
	"CREATE TABLE teams ("
	"  id @ID@,"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  unit_id BIGINT REFERENCES units(id),"
	"  batch TEXT NOT NULL,"
	"  start_on TEXT NOT NULL,"
	"  end_on TEXT NOT NULL,"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX teams_division ON teams(division, start_on);"
	"CREATE TABLE team_members ("
	"  id @ID@,"
	"  team_id BIGINT NOT NULL REFERENCES teams(id),"
	"  division @CODE@ NOT NULL,"
	"  person_id BIGINT NOT NULL REFERENCES people(id),"
	"  role TEXT NOT NULL,"
	"  start_on TEXT NOT NULL,"
	"  end_on TEXT NOT NULL,"
	"  recalled INTEGER,"
	"  recall_reason TEXT,"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX team_members_team ON team_members(team_id);"
	"CREATE INDEX team_members_division ON team_members(division, role);"
	"CREATE INDEX team_members_person ON team_members(person_id);"
	"CREATE TABLE coverage_rules ("
	"  id @ID@,"
	"  division @CODE@ NOT NULL,"
	"  rule TEXT NOT NULL,"
	"  threshold BIGINT,"
	"  days BIGINT,"
	"  enabled INTEGER,"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL,"
	"  UNIQUE (division, rule)"
	");"
	"CREATE TABLE visits ("
	"  id @ID@,"
	"  division @CODE@ NOT NULL,"
	"  person_id BIGINT NOT NULL REFERENCES people(id),"
	"  household_id BIGINT REFERENCES households(id),"
	"  visited_on TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  purpose TEXT,"
	"  checklist TEXT,"
	"  findings TEXT,"
	"  satisfaction TEXT,"
	"  lat DOUBLE PRECISION,"
	"  lng DOUBLE PRECISION,"
	"  follow_up TEXT,"
	"  request_id BIGINT REFERENCES requests(id),"
	"  client_key TEXT UNIQUE,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX visits_division ON visits(division, visited_on);"
	"CREATE INDEX visits_household ON visits(household_id, visited_on);"
	"CREATE INDEX visits_person ON visits(person_id, visited_on);"
	"CREATE TABLE leaves ("
	"  id @ID@,"
	"  division @CODE@ NOT NULL,"
	"  person_id BIGINT NOT NULL REFERENCES people(id),"
	"  from_on TEXT NOT NULL,"
	"  to_on TEXT NOT NULL,"
	"  days BIGINT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  approver_level TEXT NOT NULL,"
	"  decided_by TEXT,"
	"  decided_on TEXT,"
	"  decision_note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX leaves_division ON leaves(division, from_on);"
	"CREATE INDEX leaves_person ON leaves(person_id, from_on);"
	"CREATE TABLE checkins ("
	"  id @ID@,"
	"  division @CODE@ NOT NULL,"
	"  person_id BIGINT NOT NULL REFERENCES people(id),"
	"  day TEXT NOT NULL,"
	"  lat DOUBLE PRECISION,"
	"  lng DOUBLE PRECISION,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL,"
	"  UNIQUE (person_id, day)"
	");"
	"CREATE INDEX checkins_division ON checkins(division, day);"
	"CREATE TABLE absences ("
	"  id @ID@,"
	"  division @CODE@ NOT NULL,"
	"  person_id BIGINT NOT NULL REFERENCES people(id),"
	"  day TEXT NOT NULL,"
	"  found_by TEXT NOT NULL,"
	"  excused INTEGER,"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL,"
	"  UNIQUE (person_id, day)"
	");"
	"CREATE INDEX absences_division ON absences(division, day);"
	"CREATE TABLE cadre_accounts ("
	"  id @ID@,"
	"  user_id BIGINT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,"
	"  person_id BIGINT NOT NULL REFERENCES people(id),"
	"  division @CODE@ NOT NULL,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");",
},
/* ---- stats: the roll-up summaries (modules/stats), kept by triggers in the writing transaction ---- */
/* Each summary row counts what lies in one division (len 0: the record's own
 * division) or under one county (len 6): every write adds its +1/-1 to its
 * own row and its county's, so a county or anything below it is read from
 * its own rows (a few per village), a city, province or the country from
 * its counties' rows (docs/performance.md).  R is NEW or OLD, S "" or "-". */
#define STATS_AT(R) "CASE WHEN l.len = 0 THEN " R ".division ELSE substr(" R ".division, 1, l.len) END"
#define STATS_HH_KEYS "(len, division, status, identified_year, exited_year, main_cause)"
#define STATS_HH_SET " DO UPDATE SET households = stats_hh.households + excluded.households," \
	" people = stats_hh.people + excluded.people;"
#define STATS_HH(R, S)                                                                                       \
	"INSERT INTO stats_hh (len, division, status, identified_year, exited_year, main_cause, households, people)" \
	" SELECT l.len, " STATS_AT(R) ", " R ".status, COALESCE(" R ".identified_year, 0),"  \
	" COALESCE(" R ".exited_year, 0), COALESCE(" R ".main_cause, ''), " S "1,"                            \
	" " S "COALESCE((SELECT p.people FROM stats_hh_people p WHERE p.household_id = " R ".id), 0)"        \
	" FROM stats_levels l WHERE l.len <= length(" R ".division)"                                         \
	" ON CONFLICT " STATS_HH_KEYS STATS_HH_SET
/* SQLite: a household's members counted in stats_hh_people, so that no trigger on
 * households names members (db/at_rest.c rebuilds members by a rename, which
 * SQLite refuses while another table's trigger refers to it) */
#define STATS_PEOPLE(R, S)                                                                                   \
	"INSERT INTO stats_hh_people (household_id, people) VALUES (" R ".household_id, " S "1)"             \
	" ON CONFLICT (household_id) DO UPDATE SET people = stats_hh_people.people + excluded.people;"
#define STATS_MEMBER(R, S)                                                                                   \
	"INSERT INTO stats_hh (len, division, status, identified_year, exited_year, main_cause, households, people)" \
	" SELECT l.len, " STATS_AT("h") ", h.status, COALESCE(h.identified_year, 0),"              \
	" COALESCE(h.exited_year, 0), COALESCE(h.main_cause, ''), 0, " S "1"                                  \
	" FROM households h JOIN stats_levels l ON l.len <= length(h.division) WHERE h.id = " R ".household_id" \
	" ON CONFLICT " STATS_HH_KEYS STATS_HH_SET
/* a household's income of a year, in bands around the lines (4000 poverty, 6000 monitoring) */
#define STATS_BAND(R) \
	"CASE WHEN " R ".per_capita < 4000 THEN 'a_lt4000' WHEN " R ".per_capita < 6000 THEN 'b_4000_6000'" \
	" WHEN " R ".per_capita < 10000 THEN 'c_6000_10000' WHEN " R ".per_capita < 20000 THEN 'd_10000_20000'" \
	" ELSE 'e_ge20000' END"
#define STATS_INCOME(R, S)                                                                                   \
	"INSERT INTO stats_income (len, division, year, band, households, per_capita)"                        \
	" SELECT l.len, " STATS_AT("h") ", " R ".year, " STATS_BAND(R) ", " S "1, " S R ".per_capita" \
	" FROM households h JOIN stats_levels l ON l.len <= length(h.division) WHERE h.id = " R ".household_id" \
	" ON CONFLICT (len, division, year, band) DO UPDATE SET households = stats_income.households +"      \
	" excluded.households, per_capita = stats_income.per_capita + excluded.per_capita;"
/* a household moved: its incomes move with it (R the household row) */
#define STATS_INCOME_MOVE(R, S)                                                                              \
	"INSERT INTO stats_income (len, division, year, band, households, per_capita)"                        \
	" SELECT l.len, " STATS_AT(R) ", i.year, " STATS_BAND("i") ", " S "COUNT(*),"       \
	" " S "SUM(i.per_capita) FROM household_incomes i JOIN stats_levels l ON l.len <= length(" R ".division)" \
	" WHERE i.household_id = " R ".id GROUP BY l.len, i.year, 4"                                          \
	" ON CONFLICT (len, division, year, band) DO UPDATE SET households = stats_income.households +"      \
	" excluded.households, per_capita = stats_income.per_capita + excluded.per_capita;"
/* help by day in a record's own division, by month (YYYY-MM) in its county */
#define STATS_ON(R) "CASE WHEN l.len = 6 THEN substr(COALESCE(" R ".given_on, ''), 1, 7) ELSE COALESCE(" R ".given_on, '') END"
#define STATS_HELP(R, S)                                                                                     \
	"INSERT INTO stats_help (len, division, type, given_on, measures, amount)"                           \
	" SELECT l.len, " STATS_AT(R) ", " R ".type, " STATS_ON(R) ", " S "1,"  \
	" " S "COALESCE(" R ".amount, 0) FROM stats_levels l WHERE l.len <= length(" R ".division)"         \
	" ON CONFLICT (len, division, type, given_on) DO UPDATE SET measures = stats_help.measures +"         \
	" excluded.measures, amount = stats_help.amount + excluded.amount;"
#define STATS_HH_CHANGED_AS(O, N, NE)                                                                       \
	O ".division " NE " " N ".division OR " O ".status " NE " " N ".status OR " O ".identified_year " NE " " \
	N ".identified_year OR " O ".exited_year " NE " " N ".exited_year OR " O ".main_cause " NE " " N ".main_cause"
#define STATS_HELP_CHANGED_AS(O, N, NE)                                                                     \
	O ".division " NE " " N ".division OR " O ".type " NE " " N ".type OR " O ".given_on " NE " " N ".given_on" \
	" OR " O ".amount " NE " " N ".amount"
#define STATS_HH_CHANGED(NE) STATS_HH_CHANGED_AS("old", "new", NE)
#define STATS_HELP_CHANGED(NE) STATS_HELP_CHANGED_AS("old", "new", NE)
#define STATS_PG_FN(NAME, BODY) \
	"CREATE FUNCTION " NAME "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " BODY " RETURN NULL; END $$;"
/* ROWS: the rows of a statement with their sign (dh, dp, d); a changed row of
 * an update counts -1 as it was and +1 as it is (ids match old and new) */
#define STATS_PG_CHANGED_ON(D, MATCH, CHANGED)                                                              \
	"SELECT o.*, -1 AS " D " FROM ot o JOIN nt n ON " MATCH " WHERE " CHANGED                             \
	" UNION ALL SELECT n.*, 1 AS " D " FROM ot o JOIN nt n ON " MATCH " WHERE " CHANGED
#define STATS_PG_CHANGED(D, CHANGED) STATS_PG_CHANGED_ON(D, "o.id = n.id", CHANGED)
#define STATS_PG_UPSERT_HH ";"
#define STATS_PG_HH(ROWS)                                                                                   \
	"INSERT INTO stats_hh_log (len, division, status, identified_year, exited_year, main_cause, households, people)" \
	" SELECT l.len, " STATS_AT("x") ", x.status, COALESCE(x.identified_year, 0), COALESCE(x.exited_year, 0),"  \
	" COALESCE(x.main_cause, ''), SUM(x.dh), SUM(x.dh * (SELECT COUNT(*) FROM members mm WHERE mm.household_id = x.id))" \
	" FROM (" ROWS ") x JOIN stats_levels l ON l.len <= length(x.division) GROUP BY 1, 2, 3, 4, 5, 6"     \
	STATS_PG_UPSERT_HH
#define STATS_PG_MEMBER(ROWS)                                                                               \
	"INSERT INTO stats_hh_log (len, division, status, identified_year, exited_year, main_cause, households, people)" \
	" SELECT l.len, " STATS_AT("h") ", h.status, COALESCE(h.identified_year, 0), COALESCE(h.exited_year, 0),"  \
	" COALESCE(h.main_cause, ''), 0, SUM(x.dp) FROM (" ROWS ") x JOIN households h ON h.id = x.household_id"  \
	" JOIN stats_levels l ON l.len <= length(h.division) GROUP BY 1, 2, 3, 4, 5, 6" STATS_PG_UPSERT_HH
#define STATS_PG_UPSERT_INCOME ";"
#define STATS_PG_INCOME(ROWS)                                                                               \
	"INSERT INTO stats_income_log (len, division, year, band, households, per_capita)"                         \
	" SELECT l.len, " STATS_AT("h") ", x.year, " STATS_BAND("x") ", SUM(x.d), SUM(x.d * x.per_capita)"      \
	" FROM (" ROWS ") x JOIN households h ON h.id = x.household_id JOIN stats_levels l ON l.len <= length(h.division)" \
	" GROUP BY 1, 2, 3, 4" STATS_PG_UPSERT_INCOME
#define STATS_PG_INCOME_MOVE                                                                                \
	"INSERT INTO stats_income_log (len, division, year, band, households, per_capita)"                         \
	" SELECT l.len, " STATS_AT("x") ", i.year, " STATS_BAND("i") ", SUM(x.d), SUM(x.d * i.per_capita)"      \
	" FROM (" STATS_PG_CHANGED("d", "o.division IS DISTINCT FROM n.division") ") x"                    \
	" JOIN household_incomes i ON i.household_id = x.id JOIN stats_levels l ON l.len <= length(x.division)" \
	" GROUP BY 1, 2, 3, 4" STATS_PG_UPSERT_INCOME
#define STATS_PG_HELP(ROWS)                                                                                 \
	"INSERT INTO stats_help_log (len, division, type, given_on, measures, amount)"                             \
	" SELECT l.len, " STATS_AT("x") ", x.type, " STATS_ON("x") ", SUM(x.d), SUM(x.d * COALESCE(x.amount, 0))" \
	" FROM (" ROWS ") x JOIN stats_levels l ON l.len <= length(x.division) GROUP BY 1, 2, 3, 4;"
#define STATS_PG_STMT(NAME, EVENT, TABLE, REFS) \
	"CREATE TRIGGER " NAME " AFTER " EVENT " ON " TABLE " REFERENCING " REFS " FOR EACH STATEMENT EXECUTE FUNCTION " NAME "();"
{
	.version = 26,
	.name = "stats: roll-up summaries of households and people, incomes and help per division at every level",
	.sql =
	"CREATE TABLE stats_levels (len INTEGER PRIMARY KEY);"
	"INSERT INTO stats_levels (len) VALUES (0), (6);"
	"CREATE TABLE stats_hh ("
	"  len BIGINT NOT NULL,"
	"  division @CODE@ NOT NULL,"
	"  status TEXT NOT NULL,"
	"  identified_year BIGINT NOT NULL,"
	"  exited_year BIGINT NOT NULL,"
	"  main_cause TEXT NOT NULL,"
	"  households BIGINT NOT NULL,"
	"  people BIGINT NOT NULL,"
	"  PRIMARY KEY " STATS_HH_KEYS
	");"
	"CREATE TABLE stats_income ("
	"  len BIGINT NOT NULL,"
	"  division @CODE@ NOT NULL,"
	"  year BIGINT NOT NULL,"
	"  band TEXT NOT NULL,"
	"  households BIGINT NOT NULL,"
	"  per_capita BIGINT NOT NULL,"
	"  PRIMARY KEY (len, division, year, band)"
	");"
	"CREATE TABLE stats_help ("
	"  len BIGINT NOT NULL,"
	"  division @CODE@ NOT NULL,"
	"  type TEXT NOT NULL,"
	"  given_on TEXT NOT NULL,"
	"  measures BIGINT NOT NULL,"
	"  amount BIGINT NOT NULL,"
	"  PRIMARY KEY (len, division, type, given_on)"
	");"
	/* the rows already stored */
	"INSERT INTO stats_hh (len, division, status, identified_year, exited_year, main_cause, households, people)"
	" SELECT l.len, " STATS_AT("h") ", h.status, COALESCE(h.identified_year, 0), COALESCE(h.exited_year, 0),"
	" COALESCE(h.main_cause, ''), COUNT(*), SUM(COALESCE(mc.n, 0))"
	" FROM households h JOIN stats_levels l ON l.len <= length(h.division)"
	" LEFT JOIN (SELECT household_id, COUNT(*) AS n FROM members GROUP BY household_id) mc ON mc.household_id = h.id"
	" GROUP BY l.len, " STATS_AT("h") ", h.status, COALESCE(h.identified_year, 0),"
	" COALESCE(h.exited_year, 0), COALESCE(h.main_cause, '');"
	"INSERT INTO stats_income (len, division, year, band, households, per_capita)"
	" SELECT l.len, " STATS_AT("h") ", i.year, " STATS_BAND("i") ", COUNT(*), SUM(i.per_capita)"
	" FROM household_incomes i JOIN households h ON h.id = i.household_id JOIN stats_levels l ON l.len <= length(h.division)"
	" GROUP BY l.len, " STATS_AT("h") ", i.year, 4;"
	"INSERT INTO stats_help (len, division, type, given_on, measures, amount)"
	" SELECT l.len, " STATS_AT("m") ", m.type, " STATS_ON("m") ", COUNT(*), SUM(COALESCE(m.amount, 0))"
	" FROM measures m JOIN stats_levels l ON l.len <= length(m.division)"
	" GROUP BY l.len, " STATS_AT("m") ", m.type, " STATS_ON("m") ";"
	/* a province or city reads its counties' months of a period */
	"CREATE INDEX stats_help_month ON stats_help(len, given_on, division);",
	.sqlite_sql =
	"CREATE TRIGGER stats_hh_insert AFTER INSERT ON households BEGIN " STATS_HH("new", "") " END;"
	"CREATE TABLE stats_hh_people (household_id BIGINT PRIMARY KEY, people BIGINT NOT NULL);"
	"INSERT INTO stats_hh_people (household_id, people) SELECT household_id, COUNT(*) FROM members GROUP BY household_id;"
	"CREATE TRIGGER stats_hh_delete AFTER DELETE ON households BEGIN " STATS_HH("old", "-")
	" DELETE FROM stats_hh_people WHERE household_id = old.id; END;"
	"CREATE TRIGGER stats_hh_update AFTER UPDATE ON households WHEN " STATS_HH_CHANGED("IS NOT")
	" BEGIN " STATS_HH("old", "-") STATS_HH("new", "") " END;"
	"CREATE TRIGGER stats_hh_move AFTER UPDATE ON households WHEN old.division IS NOT new.division"
	" BEGIN " STATS_INCOME_MOVE("old", "-") STATS_INCOME_MOVE("new", "") " END;"
	"CREATE TRIGGER stats_member_insert AFTER INSERT ON members BEGIN " STATS_PEOPLE("new", "") STATS_MEMBER("new", "")
	" END;"
	"CREATE TRIGGER stats_member_delete AFTER DELETE ON members BEGIN " STATS_PEOPLE("old", "-") STATS_MEMBER("old", "-")
	" END;"
	"CREATE TRIGGER stats_member_update AFTER UPDATE ON members WHEN old.household_id IS NOT new.household_id"
	" BEGIN " STATS_PEOPLE("old", "-") STATS_PEOPLE("new", "") STATS_MEMBER("old", "-") STATS_MEMBER("new", "") " END;"
	"CREATE TRIGGER stats_income_insert AFTER INSERT ON household_incomes BEGIN " STATS_INCOME("new", "") " END;"
	"CREATE TRIGGER stats_income_delete AFTER DELETE ON household_incomes BEGIN " STATS_INCOME("old", "-") " END;"
	"CREATE TRIGGER stats_income_update AFTER UPDATE ON household_incomes"
	" WHEN old.per_capita IS NOT new.per_capita OR old.year IS NOT new.year OR old.household_id IS NOT new.household_id"
	" BEGIN " STATS_INCOME("old", "-") STATS_INCOME("new", "") " END;"
	"CREATE TRIGGER stats_help_insert AFTER INSERT ON measures BEGIN " STATS_HELP("new", "") " END;"
	"CREATE TRIGGER stats_help_delete AFTER DELETE ON measures BEGIN " STATS_HELP("old", "-") " END;"
	"CREATE TRIGGER stats_help_update AFTER UPDATE ON measures WHEN " STATS_HELP_CHANGED("IS NOT")
	" BEGIN " STATS_HELP("old", "-") STATS_HELP("new", "") " END;",
	/* PostgreSQL: statement triggers over the transition tables append one
	 * grouped delta per statement (a COPY of 100,000 members is one) to a log
	 * that readers add to the summaries and fold into them now and then
	 * (modules/stats/rollup.c): updating one summary row many times in a
	 * transaction would lengthen its version chain with every write. */
	.pg_sql =
	"CREATE TABLE stats_hh_log (LIKE stats_hh);"
	"CREATE INDEX stats_hh_log_division ON stats_hh_log(len, division);"
	"CREATE TABLE stats_income_log (LIKE stats_income);"
	"CREATE INDEX stats_income_log_division ON stats_income_log(len, division);"
	"CREATE TABLE stats_help_log (LIKE stats_help);"
	"CREATE INDEX stats_help_log_division ON stats_help_log(len, division);"
	STATS_PG_FN("stats_hh_insert", STATS_PG_HH("SELECT *, 1 AS dh FROM nt"))
	STATS_PG_STMT("stats_hh_insert", "INSERT", "households", "NEW TABLE AS nt")
	STATS_PG_FN("stats_hh_delete", STATS_PG_HH("SELECT *, -1 AS dh FROM ot"))
	STATS_PG_STMT("stats_hh_delete", "DELETE", "households", "OLD TABLE AS ot")
	STATS_PG_FN("stats_hh_update", STATS_PG_HH(STATS_PG_CHANGED("dh", STATS_HH_CHANGED_AS("o", "n", "IS DISTINCT FROM")))
		    STATS_PG_INCOME_MOVE)
	STATS_PG_STMT("stats_hh_update", "UPDATE", "households", "OLD TABLE AS ot NEW TABLE AS nt")
	STATS_PG_FN("stats_member_insert", STATS_PG_MEMBER("SELECT household_id, 1 AS dp FROM nt"))
	STATS_PG_STMT("stats_member_insert", "INSERT", "members", "NEW TABLE AS nt")
	STATS_PG_FN("stats_member_delete", STATS_PG_MEMBER("SELECT household_id, -1 AS dp FROM ot"))
	STATS_PG_STMT("stats_member_delete", "DELETE", "members", "OLD TABLE AS ot")
	STATS_PG_FN("stats_member_update", STATS_PG_MEMBER(STATS_PG_CHANGED("dp", "o.household_id IS DISTINCT FROM n.household_id")))
	STATS_PG_STMT("stats_member_update", "UPDATE", "members", "OLD TABLE AS ot NEW TABLE AS nt")
	STATS_PG_FN("stats_income_insert", STATS_PG_INCOME("SELECT *, 1 AS d FROM nt"))
	STATS_PG_STMT("stats_income_insert", "INSERT", "household_incomes", "NEW TABLE AS nt")
	STATS_PG_FN("stats_income_delete", STATS_PG_INCOME("SELECT *, -1 AS d FROM ot"))
	STATS_PG_STMT("stats_income_delete", "DELETE", "household_incomes", "OLD TABLE AS ot")
	STATS_PG_FN("stats_income_update", STATS_PG_INCOME(STATS_PG_CHANGED_ON("d", "o.household_id = n.household_id AND o.year = n.year",
		    "o.per_capita IS DISTINCT FROM n.per_capita")))
	STATS_PG_STMT("stats_income_update", "UPDATE", "household_incomes", "OLD TABLE AS ot NEW TABLE AS nt")
	STATS_PG_FN("stats_help_insert", STATS_PG_HELP("SELECT *, 1 AS d FROM nt"))
	STATS_PG_STMT("stats_help_insert", "INSERT", "measures", "NEW TABLE AS nt")
	STATS_PG_FN("stats_help_delete", STATS_PG_HELP("SELECT *, -1 AS d FROM ot"))
	STATS_PG_STMT("stats_help_delete", "DELETE", "measures", "OLD TABLE AS ot")
	STATS_PG_FN("stats_help_update", STATS_PG_HELP(STATS_PG_CHANGED("d", STATS_HELP_CHANGED_AS("o", "n", "IS DISTINCT FROM"))))
	STATS_PG_STMT("stats_help_update", "UPDATE", "measures", "OLD TABLE AS ot NEW TABLE AS nt"),
},
{
	.version = 27,
	.name = "the command structure: command posts (HQs, offices, working groups, war zones, fronts, combat units) and their members",
	.sql =
	"CREATE TABLE command_posts ("
	"  id @ID@,"
	"  name TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  parent_id BIGINT REFERENCES command_posts(id),"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  org_id BIGINT REFERENCES orgs(id),"
	"  duty TEXT,"
	"  seq BIGINT,"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX command_posts_division ON command_posts(division);"
	"CREATE INDEX command_posts_parent ON command_posts(parent_id);"
	"CREATE TABLE command_members ("
	"  id @ID@,"
	"  post_id BIGINT NOT NULL REFERENCES command_posts(id),"
	"  division @CODE@ NOT NULL,"
	"  person_id BIGINT NOT NULL REFERENCES people(id),"
	"  role TEXT NOT NULL,"
	"  duty TEXT,"
	"  from_date TEXT NOT NULL,"
	"  to_date TEXT,"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX command_members_post ON command_members(post_id);"
	"CREATE INDEX command_members_division ON command_members(division);"
	"CREATE INDEX command_members_person ON command_members(person_id);",
},
{
	.version = 28,
	/* issue 15: 户户走到 campaigns as records (a place, its dates and the households it targets; its
	 * progress is computed from the visits inside the dates) */
	.name = "visit campaigns (户户走到): a place's drive to visit its households between two dates",
	.sql =
	"CREATE TABLE visit_campaigns ("
	"  id @ID@,"
	"  name TEXT NOT NULL,"
	"  division @CODE@ NOT NULL REFERENCES divisions(code),"
	"  start_on TEXT NOT NULL,"
	"  end_on TEXT NOT NULL,"
	"  target TEXT NOT NULL,"
	"  note TEXT,"
	"  created_at BIGINT NOT NULL,"
	"  updated_at BIGINT NOT NULL"
	");"
	"CREATE INDEX visit_campaigns_division ON visit_campaigns(division, start_on);"
	"CREATE INDEX visits_kind_household ON visits(kind, household_id, visited_on);",
},
{
	.version = 29,
	/* issue 15: visit photos, stored as files named by their SHA-256 under the photo directory
	 * (setting photo-dir); the database keeps the hash, the type and the header's dimensions */
	.name = "visit photos: a visit's JPEG/PNG photos by SHA-256, the files outside the database",
	.sql =
	"CREATE TABLE visit_photos ("
	"  id @ID@,"
	"  visit_id BIGINT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,"
	"  division @CODE@ NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  mime TEXT NOT NULL,"
	"  width BIGINT NOT NULL,"
	"  height BIGINT NOT NULL,"
	"  size BIGINT NOT NULL,"
	"  created_by BIGINT,"
	"  created_at BIGINT NOT NULL,"
	"  UNIQUE (visit_id, sha256)"
	");"
	"CREATE INDEX visit_photos_sha ON visit_photos(sha256);",
},
{
	.version = 30,
	.name = "registry: 户编号 assigned by the server, one counter row per village",
	/*
	 * A household created through the API gets the village's 12-digit code
	 * and the next number of the village (household_no.c).  The counter row
	 * is taken (and so locked) in the household's own transaction; numbers
	 * already in use (imported, the demo's) are read at the same time, so
	 * existing households need no row here.
	 */
	.sql =
	"CREATE TABLE household_numbers ("
	"  village @CODE@ PRIMARY KEY,"
	"  last BIGINT NOT NULL"
	");",
},
{
	.version = 31,
	.name = "requests: the old mixed-language escalation notes rewritten in the current Chinese text",
	/*
	 * Before the escalation sweep (modules/requests/escalation.c), an escalate step's
	 * note was "逾期，提级督办 (overdue: escalated)", written by the server and the demo
	 * alike.  The note is now one language and names the deadline passed first:
	 * 签收逾期 / 答复逾期 / 办结逾期，提级督办 (passed_deadline()).  Each old note is
	 * rewritten as the sweep would have written it at the step's time: not signed by
	 * then and the sign-by deadline first, else not replied by then and the reply-by
	 * deadline before the close-by one, else the close-by deadline.
	 */
	.sql =
	"UPDATE request_steps SET note = (SELECT CASE"
	" WHEN (q.signed_at IS NULL OR q.signed_at > request_steps.at) AND q.sign_due < CASE"
	"   WHEN (q.replied_at IS NULL OR q.replied_at > request_steps.at) AND q.reply_due < q.close_due THEN q.reply_due"
	"   ELSE q.close_due END THEN '签收逾期，提级督办'"
	" WHEN (q.replied_at IS NULL OR q.replied_at > request_steps.at) AND q.reply_due < q.close_due"
	"   THEN '答复逾期，提级督办'"
	" ELSE '办结逾期，提级督办' END FROM requests q WHERE q.id = request_steps.request_id)"
	" WHERE action = 'escalate' AND (note IN ('逾期，提级督办 (overdue: escalated)', '逾期，提级督办')"
	" OR note LIKE '%(overdue%');",
},
{
	/* ID numbers of household members unique in the database (issue #12): the
	 * writers' check by the keyed hash raced (two simultaneous creations both
	 * passed).  Members already sharing a number (x/X before encryption) keep
	 * their rows: every one after the first is marked (id_number_dup = its
	 * id), stays out of the index, and the data check member_id_duplicate
	 * keeps reporting it until someone corrects it (a change of its number
	 * clears the mark).  Members are deleted for real, so every row counts. */
	.version = 32,
	.name = "a unique index of members' ID numbers (their keyed hash)",
	.sql =
	"ALTER TABLE members ADD COLUMN id_number_dup BIGINT;"
	"UPDATE members SET id_number_dup = id WHERE id_number_hash IS NOT NULL AND EXISTS"
	" (SELECT 1 FROM members o WHERE o.id_number_hash = members.id_number_hash AND o.id < members.id);"
	"CREATE UNIQUE INDEX members_id_number_hash_unique ON members(id_number_hash) WHERE id_number_dup IS NULL;",
},
{
	/* A member's health status and disability grade encrypted at rest (issue #12,
	 * db/at_rest.c): health_hash is the keyed hash of the status code that list
	 * filters compare; on PostgreSQL the grade becomes text (a sealed value).
	 * The "sealed" mark goes so that the next start seals the values stored
	 * in plaintext until now (at_rest_open). */
	.version = 33,
	.name = "members' health and disability grade sealed: the health code's keyed hash",
	.sql =
	"ALTER TABLE members ADD COLUMN health_hash TEXT;"
	"CREATE INDEX members_health_hash ON members(health_hash);"
	"DELETE FROM crypt_meta WHERE name = 'plaintext';",
	.pg_sql =
	"ALTER TABLE members ALTER COLUMN disability_grade TYPE TEXT USING CAST(disability_grade AS TEXT);",
},
/* ---- stats: the node memo of the live meeting compliance and pairing coverage (model/node_memo.c) ---- */
/* A /stats read stores the live result of partylife's compliance and of the
 * pairings' coverage per node and key (period and day); every write to a
 * table those computations read deletes, in the writing transaction, the
 * memo rows of the divisions it touches and of their ancestors (orgs and the
 * rule tables: every row), and counts a generation a reader compares before
 * it stores, so a stored result always equals the live computation.  SQLite:
 * row triggers (people's divisions mirrored in stats_memo_people, so that no
 * other table's trigger names people, which db/at_rest.c rebuilds by a
 * rename); PostgreSQL: statement triggers over the transition tables, under
 * a shared advisory lock the storing reader takes exclusively. */
#define MEMO_AT(X) "DELETE FROM stats_memo WHERE division IN ('', substr(" X ", 1, 2), substr(" X ", 1, 4)," \
	" substr(" X ", 1, 6), substr(" X ", 1, 9), substr(" X ", 1, 12), " X ");"
#define MEMO_GEN "UPDATE stats_memo_gen SET n = n + 1;"
#define MEMO_HH(R) "(SELECT h.division FROM households h WHERE h.id = " R ".household_id)"
#define MEMO_PE(R) "(SELECT p.division FROM stats_memo_people p WHERE p.person_id = " R ".person_id)"
/* SQLite: the three row triggers of TABLE; BODY(R) the deletions of row R */
#define MEMO_SQ(TABLE, BODY)                                                                                      \
	"CREATE TRIGGER stats_memo_" TABLE "_i AFTER INSERT ON " TABLE " BEGIN " MEMO_GEN BODY("new") " END;"      \
	"CREATE TRIGGER stats_memo_" TABLE "_d AFTER DELETE ON " TABLE " BEGIN " MEMO_GEN BODY("old") " END;"      \
	"CREATE TRIGGER stats_memo_" TABLE "_u AFTER UPDATE ON " TABLE " BEGIN " MEMO_GEN BODY("old") BODY("new") " END;"
#define MEMO_SQ_ALL(TABLE)                                                                                        \
	"CREATE TRIGGER stats_memo_" TABLE "_i AFTER INSERT ON " TABLE " BEGIN " MEMO_GEN " DELETE FROM stats_memo; END;" \
	"CREATE TRIGGER stats_memo_" TABLE "_d AFTER DELETE ON " TABLE " BEGIN " MEMO_GEN " DELETE FROM stats_memo; END;" \
	"CREATE TRIGGER stats_memo_" TABLE "_u AFTER UPDATE ON " TABLE " BEGIN " MEMO_GEN " DELETE FROM stats_memo; END;"
#define MEMO_DIV(R) MEMO_AT(R ".division")
#define MEMO_CODE(R) MEMO_AT(R ".code")
#define MEMO_VISIT(R) MEMO_AT(R ".division") MEMO_AT(MEMO_HH(R)) MEMO_AT(MEMO_PE(R))
#define MEMO_PAIRING(R) MEMO_AT(R ".division") MEMO_AT(R ".target") MEMO_AT(MEMO_HH(R)) MEMO_AT(MEMO_PE(R))
/* PostgreSQL: D the divisions a statement touched (rows of x) */
#define MEMO_PG_BEGIN "PERFORM pg_advisory_xact_lock_shared(7316); PERFORM nextval('stats_memo_seq');"
#define MEMO_PG_DROP(D) \
	" DELETE FROM stats_memo m WHERE EXISTS (SELECT 1 FROM (" D ") a WHERE substr(a.d, 1, length(m.division)) = m.division);"
#define MEMO_PG_FN(NAME, D) \
	"CREATE FUNCTION " NAME "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " MEMO_PG_BEGIN MEMO_PG_DROP(D) " RETURN NULL; END $$;"
#define MEMO_PG(TABLE, D)                                                                                          \
	MEMO_PG_FN("stats_memo_" TABLE "_i", D("nt")) MEMO_PG_FN("stats_memo_" TABLE "_d", D("ot"))                   \
	MEMO_PG_FN("stats_memo_" TABLE "_u", D("nt") " UNION ALL " D("ot"))                                             \
	"CREATE TRIGGER stats_memo_" TABLE "_i AFTER INSERT ON " TABLE " REFERENCING NEW TABLE AS nt"                  \
	" FOR EACH STATEMENT EXECUTE FUNCTION stats_memo_" TABLE "_i();"                                               \
	"CREATE TRIGGER stats_memo_" TABLE "_d AFTER DELETE ON " TABLE " REFERENCING OLD TABLE AS ot"                  \
	" FOR EACH STATEMENT EXECUTE FUNCTION stats_memo_" TABLE "_d();"                                               \
	"CREATE TRIGGER stats_memo_" TABLE "_u AFTER UPDATE ON " TABLE " REFERENCING OLD TABLE AS ot NEW TABLE AS nt"  \
	" FOR EACH STATEMENT EXECUTE FUNCTION stats_memo_" TABLE "_u();"
#define MEMO_PG_ALL(TABLE) \
	"CREATE TRIGGER stats_memo_" TABLE " AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON " TABLE \
	" FOR EACH STATEMENT EXECUTE FUNCTION stats_memo_all();"
#define MEMO_PG_TRUNCATE(TABLE) \
	"CREATE TRIGGER stats_memo_" TABLE "_t AFTER TRUNCATE ON " TABLE " FOR EACH STATEMENT EXECUTE FUNCTION stats_memo_all();"
#define MEMO_PG_DIV(T) "SELECT division AS d FROM " T
#define MEMO_PG_CODE(T) "SELECT code AS d FROM " T
#define MEMO_PG_VISIT(T) "SELECT division AS d FROM " T " UNION ALL SELECT h.division FROM " T " x JOIN households h" \
	" ON h.id = x.household_id UNION ALL SELECT p.division FROM " T " x JOIN people p ON p.id = x.person_id"
#define MEMO_PG_PAIRING(T) MEMO_PG_VISIT(T) " UNION ALL SELECT target FROM " T " WHERE target IS NOT NULL"
{
	.version = 34,
	.name = "stats: the node memo of the live meeting compliance and pairing coverage, cleared by the writes they read",
	.sql =
	"CREATE TABLE stats_memo ("
	"  division @CODE@ NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  PRIMARY KEY (division, kind, key)"
	");",
	.sqlite_sql =
	"CREATE TABLE stats_memo_gen (n BIGINT NOT NULL);"
	"INSERT INTO stats_memo_gen (n) VALUES (0);"
	"CREATE TABLE stats_memo_people (person_id BIGINT PRIMARY KEY, division TEXT);"
	"INSERT INTO stats_memo_people (person_id, division) SELECT id, division FROM people;"
	"CREATE TRIGGER stats_memo_people_i AFTER INSERT ON people BEGIN " MEMO_GEN MEMO_DIV("new")
	" INSERT INTO stats_memo_people (person_id, division) VALUES (new.id, new.division); END;"
	"CREATE TRIGGER stats_memo_people_d AFTER DELETE ON people BEGIN " MEMO_GEN MEMO_DIV("old")
	" DELETE FROM stats_memo_people WHERE person_id = old.id; END;"
	"CREATE TRIGGER stats_memo_people_u AFTER UPDATE ON people BEGIN " MEMO_GEN MEMO_DIV("old") MEMO_DIV("new")
	" UPDATE stats_memo_people SET person_id = new.id, division = new.division WHERE person_id = old.id; END;"
	MEMO_SQ("visits", MEMO_VISIT)
	MEMO_SQ("pairings", MEMO_PAIRING)
	MEMO_SQ("team_members", MEMO_DIV)
	MEMO_SQ("households", MEMO_DIV)
	MEMO_SQ("divisions", MEMO_CODE)
	MEMO_SQ("meetings", MEMO_DIV)
	MEMO_SQ_ALL("orgs")
	MEMO_SQ_ALL("meeting_rules")
	MEMO_SQ_ALL("coverage_rules"),
	.pg_sql =
	"CREATE SEQUENCE stats_memo_seq;"
	"CREATE FUNCTION stats_memo_all() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " MEMO_PG_BEGIN
	" DELETE FROM stats_memo; RETURN NULL; END $$;"
	MEMO_PG("people", MEMO_PG_DIV)
	MEMO_PG("visits", MEMO_PG_VISIT)
	MEMO_PG("pairings", MEMO_PG_PAIRING)
	MEMO_PG("team_members", MEMO_PG_DIV)
	MEMO_PG("households", MEMO_PG_DIV)
	MEMO_PG("divisions", MEMO_PG_CODE)
	MEMO_PG("meetings", MEMO_PG_DIV)
	MEMO_PG_ALL("orgs")
	MEMO_PG_ALL("meeting_rules")
	MEMO_PG_ALL("coverage_rules"),
},
{
	/* ID numbers of people (cadres, party members) unique in the database
	 * (issue #12), as migration 32 made members': the writers' check by the
	 * keyed hash raced.  People already sharing a number (x/X before
	 * encryption) keep their rows: every one after the first is marked
	 * (id_number_dup = its id) and stays out of the index; each start logs
	 * how many there are (at_rest_open), the writers refuse any change of
	 * such a row but the correction of its number, which clears the mark.
	 * People are deleted for real, so every row counts, as the writers'
	 * check always counted. */
	.version = 35,
	.name = "a unique index of people's ID numbers (their keyed hash)",
	.sql =
	"ALTER TABLE people ADD COLUMN id_number_dup BIGINT;"
	"UPDATE people SET id_number_dup = id WHERE id_number_hash IS NOT NULL AND EXISTS"
	" (SELECT 1 FROM people o WHERE o.id_number_hash = people.id_number_hash AND o.id < people.id);"
	"CREATE UNIQUE INDEX people_id_number_hash_unique ON people(id_number_hash) WHERE id_number_dup IS NULL;",
},
{
	/* PostgreSQL: a TRUNCATE of a table the memo's computations read (people, visits,
	 * pairings, team members, households, divisions, meetings) clears the whole memo, as
	 * one of the organisations and rules does: the statement triggers of migration 34
	 * see inserts, updates and deletes only, so a truncated table left the memo's
	 * results of its rows in place.  SQLite has no TRUNCATE (a DELETE fires the row
	 * triggers). */
	.version = 36,
	.name = "stats: a TRUNCATE of a table the node memo reads clears the memo (PostgreSQL)",
	.sql = "SELECT 1;",   /* nothing on both: an empty script is an error on PostgreSQL */
	.pg_sql =
	MEMO_PG_TRUNCATE("people")
	MEMO_PG_TRUNCATE("visits")
	MEMO_PG_TRUNCATE("pairings")
	MEMO_PG_TRUNCATE("team_members")
	MEMO_PG_TRUNCATE("households")
	MEMO_PG_TRUNCATE("divisions")
	MEMO_PG_TRUNCATE("meetings"),
},
{
	/* visits4 (issue 15): the township leaders' visit duty (coverage rule visit_area_village) reads
	 * the villages of their 片区, so a write of pairing_areas clears the stats memo too (the memo
	 * triggers of version 34, for one more table) */
	.version = 37,
	.name = "stats: the node memo also cleared by writes of pairing areas (the area leaders' visit duty reads their villages)",
	/* the memos made before the triggers existed may be stale: drop them once */
	.sql = "DELETE FROM stats_memo;",
	.sqlite_sql = MEMO_SQ_ALL("pairing_areas"),
	.pg_sql = MEMO_PG_ALL("pairing_areas"),
},
/* ---- stats5 (issue 16): township rows in the roll-up summaries ---- */
/* A county read every village's summary rows (4,310 stats_hh rows and a year's 35,727
 * day rows of stats_help at scale 3); with rows per township (len 9, kept by the same
 * triggers through stats_levels, as the county rows len 6 are for a province) it reads
 * its townships' rows and the rows of records at the county itself (len 0).  Help is
 * kept by day in a record's own division (len 0) and by month (YYYY-MM) at every
 * other level, so the help triggers are replaced: the old ones kept months at len 6 only. */
#define STATS_ON_LVL(R) "CASE WHEN l.len = 0 THEN COALESCE(" R ".given_on, '') ELSE substr(COALESCE(" R ".given_on, ''), 1, 7) END"
#define STATS_HELP_LVL(R, S)                                                                                 \
	"INSERT INTO stats_help (len, division, type, given_on, measures, amount)"                           \
	" SELECT l.len, " STATS_AT(R) ", " R ".type, " STATS_ON_LVL(R) ", " S "1,"                          \
	" " S "COALESCE(" R ".amount, 0) FROM stats_levels l WHERE l.len <= length(" R ".division)"         \
	" ON CONFLICT (len, division, type, given_on) DO UPDATE SET measures = stats_help.measures +"         \
	" excluded.measures, amount = stats_help.amount + excluded.amount;"
#define STATS_PG_HELP_LVL(ROWS)                                                                             \
	"INSERT INTO stats_help_log (len, division, type, given_on, measures, amount)"                             \
	" SELECT l.len, " STATS_AT("x") ", x.type, " STATS_ON_LVL("x") ", SUM(x.d), SUM(x.d * COALESCE(x.amount, 0))" \
	" FROM (" ROWS ") x JOIN stats_levels l ON l.len <= length(x.division) GROUP BY 1, 2, 3, 4;"
#define STATS_PG_FN_REPLACE(NAME, BODY) \
	"CREATE OR REPLACE FUNCTION " NAME "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " BODY " RETURN NULL; END $$;"
/* the township rows of what is stored (SRC the summary, with its log on PostgreSQL) */
#define STATS_TOWNSHIP_FILL(HH, INCOME, HELP)                                                                      \
	"INSERT INTO stats_hh (len, division, status, identified_year, exited_year, main_cause, households, people)" \
	" SELECT 9, substr(s.division, 1, 9), s.status, s.identified_year, s.exited_year, s.main_cause,"           \
	" SUM(s.households), SUM(s.people) FROM " HH " s WHERE s.len = 0 AND length(s.division) >= 9"              \
	" GROUP BY 2, 3, 4, 5, 6;"                                                                                 \
	"INSERT INTO stats_income (len, division, year, band, households, per_capita)"                             \
	" SELECT 9, substr(s.division, 1, 9), s.year, s.band, SUM(s.households), SUM(s.per_capita)"               \
	" FROM " INCOME " s WHERE s.len = 0 AND length(s.division) >= 9 GROUP BY 2, 3, 4;"                        \
	"INSERT INTO stats_help (len, division, type, given_on, measures, amount)"                                 \
	" SELECT 9, substr(s.division, 1, 9), s.type, substr(s.given_on, 1, 7), SUM(s.measures), SUM(s.amount)"   \
	" FROM " HELP " s WHERE s.len = 0 AND length(s.division) >= 9 GROUP BY 2, 3, 4;"
{
	.version = 38,
	.name = "stats: township rows (len 9) in the roll-up summaries, help by month above a record's own division",
	.sql = "INSERT INTO stats_levels (len) VALUES (9);",
	.sqlite_sql =
	STATS_TOWNSHIP_FILL("stats_hh", "stats_income", "stats_help")
	"DROP TRIGGER stats_help_insert;"
	"DROP TRIGGER stats_help_delete;"
	"DROP TRIGGER stats_help_update;"
	"CREATE TRIGGER stats_help_insert AFTER INSERT ON measures BEGIN " STATS_HELP_LVL("new", "") " END;"
	"CREATE TRIGGER stats_help_delete AFTER DELETE ON measures BEGIN " STATS_HELP_LVL("old", "-") " END;"
	"CREATE TRIGGER stats_help_update AFTER UPDATE ON measures WHEN " STATS_HELP_CHANGED("IS NOT")
	" BEGIN " STATS_HELP_LVL("old", "-") STATS_HELP_LVL("new", "") " END;",
	.pg_sql =
	STATS_TOWNSHIP_FILL("(SELECT * FROM stats_hh UNION ALL SELECT * FROM stats_hh_log)",
			    "(SELECT * FROM stats_income UNION ALL SELECT * FROM stats_income_log)",
			    "(SELECT * FROM stats_help UNION ALL SELECT * FROM stats_help_log)")
	STATS_PG_FN_REPLACE("stats_help_insert", STATS_PG_HELP_LVL("SELECT *, 1 AS d FROM nt"))
	STATS_PG_FN_REPLACE("stats_help_delete", STATS_PG_HELP_LVL("SELECT *, -1 AS d FROM ot"))
	STATS_PG_FN_REPLACE("stats_help_update",
			    STATS_PG_HELP_LVL(STATS_PG_CHANGED("d", STATS_HELP_CHANGED_AS("o", "n", "IS DISTINCT FROM")))),
},
/* pbench6 (issue 15, benchmark): the visits' figures at 1,000,000 visits.  visit_days counts a
 * village's (or group's) visits to households by day with their satisfaction, kept by the visits'
 * writes (SQLite row triggers, a PostgreSQL row trigger; not stats_ triggers, so a bulk load
 * keeps them), so that GET /visits/coverage sums days, not visits; a helper's last visit to a
 * household (the 帮扶责任人's visit duty, overdue by helper, the helpers' figures) is one seek of
 * visits_household_person; the helped households have their own index. */
#define VISIT_DAY(R, S)                                                                                      \
	"INSERT INTO visit_days (division, visited_on, visits, rated, satisfied, basic, unsatisfied)"          \
	" SELECT " R ".division, " R ".visited_on, " S "1,"                                                    \
	" " S "(CASE WHEN " R ".satisfaction IS NOT NULL THEN 1 ELSE 0 END),"                                  \
	" " S "(CASE WHEN " R ".satisfaction = 'satisfied' THEN 1 ELSE 0 END),"                                \
	" " S "(CASE WHEN " R ".satisfaction = 'basic' THEN 1 ELSE 0 END),"                                    \
	" " S "(CASE WHEN " R ".satisfaction = 'unsatisfied' THEN 1 ELSE 0 END)"                               \
	" WHERE " R ".household_id IS NOT NULL"                                                                \
	" ON CONFLICT (division, visited_on) DO UPDATE SET visits = visit_days.visits + excluded.visits,"     \
	" rated = visit_days.rated + excluded.rated, satisfied = visit_days.satisfied + excluded.satisfied,"  \
	" basic = visit_days.basic + excluded.basic, unsatisfied = visit_days.unsatisfied + excluded.unsatisfied;"
{
	.version = 39,
	.name = "visits: the visits to households counted by division and day (visit_days); indexes for a helper's last visit"
		" to a household and for the helped households",
	.sql =
	"CREATE TABLE visit_days ("
	"  division @CODE@ NOT NULL,"
	"  visited_on TEXT NOT NULL,"
	"  visits BIGINT NOT NULL,"
	"  rated BIGINT NOT NULL,"
	"  satisfied BIGINT NOT NULL,"
	"  basic BIGINT NOT NULL,"
	"  unsatisfied BIGINT NOT NULL,"
	"  PRIMARY KEY (division, visited_on)"
	");"
	/* the visits already stored */
	"INSERT INTO visit_days (division, visited_on, visits, rated, satisfied, basic, unsatisfied)"
	" SELECT division, visited_on, COUNT(*), SUM(CASE WHEN satisfaction IS NOT NULL THEN 1 ELSE 0 END),"
	" SUM(CASE WHEN satisfaction = 'satisfied' THEN 1 ELSE 0 END), SUM(CASE WHEN satisfaction = 'basic' THEN 1 ELSE 0 END),"
	" SUM(CASE WHEN satisfaction = 'unsatisfied' THEN 1 ELSE 0 END)"
	" FROM visits WHERE household_id IS NOT NULL GROUP BY division, visited_on;"
	"CREATE INDEX visits_household_person ON visits(household_id, person_id, visited_on);"
	/* the registered or monitored households of a subtree (PAIRING_HELPED, its terms as they are
	 * there: a query naming one of them reads the index; a tenth of a county's households) */
	"CREATE INDEX households_helped ON households(division)"
	" WHERE status IN ('poor', 'exited_enjoying', 'exited', 'relapsed') OR monitor_category IS NOT NULL;",
	.sqlite_sql =
	"CREATE TRIGGER visit_days_insert AFTER INSERT ON visits BEGIN " VISIT_DAY("new", "") " END;"
	"CREATE TRIGGER visit_days_delete AFTER DELETE ON visits BEGIN " VISIT_DAY("old", "-") " END;"
	"CREATE TRIGGER visit_days_update AFTER UPDATE ON visits WHEN old.division IS NOT new.division"
	" OR old.visited_on IS NOT new.visited_on OR old.household_id IS NOT new.household_id"
	" OR old.satisfaction IS NOT new.satisfaction BEGIN " VISIT_DAY("old", "-") VISIT_DAY("new", "") " END;",
	.pg_sql =
	"CREATE FUNCTION visit_days_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
	" IF TG_OP <> 'INSERT' THEN " VISIT_DAY("OLD", "-") " END IF;"
	" IF TG_OP <> 'DELETE' THEN " VISIT_DAY("NEW", "") " END IF;"
	" RETURN NULL; END $$;"
	"CREATE TRIGGER visit_days_row AFTER INSERT OR UPDATE OR DELETE ON visits FOR EACH ROW EXECUTE FUNCTION visit_days_row();"
	"CREATE FUNCTION visit_days_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
	" DELETE FROM visit_days; RETURN NULL; END $$;"
	"CREATE TRIGGER visit_days_truncate AFTER TRUNCATE ON visits FOR EACH STATEMENT EXECUTE FUNCTION visit_days_truncate();",
},
{
	/* req5 (issue 16, scale): the request figures kept in the writing transaction (request_figures,
	 * filled from the existing requests and rated steps), and the open requests by the due time of
	 * their current stage (the overdue count of GET /stats and the inbox sorted by due, walked in
	 * order; covering what the inbox's conditions read, so that the walk reads the index alone).  SQLite: row triggers; PostgreSQL: row triggers calling plpgsql functions (one
	 * request per transaction on the API; the demo's requests spread over a year of days). */
	.version = 40,
	.name = "requests: figures per division, day and key kept by triggers; open requests by due time",
	.sql =
	"CREATE INDEX requests_open_due ON requests((CASE WHEN signed_at IS NULL THEN sign_due"
	" WHEN replied_at IS NULL THEN reply_due ELSE close_due END), id, org_division, division, escalated_org_id, org_id, status)"
	" WHERE status NOT IN ('closed', 'merged', 'withdrawn');",
	.sqlite_sql =
	RF_TABLE(" WITHOUT ROWID")
	"CREATE TRIGGER request_figures_insert AFTER INSERT ON requests BEGIN " RF_REQ("new", "1") " END;"
	"CREATE TRIGGER request_figures_delete AFTER DELETE ON requests BEGIN " RF_REQ("old", "-1") " END;"
	"CREATE TRIGGER request_figures_update AFTER UPDATE ON requests WHEN " RF_CHANGED("IS NOT")
	" BEGIN " RF_REQ("old", "-1") RF_REQ("new", "1") " END;"
	"CREATE TRIGGER request_figures_move AFTER UPDATE ON requests WHEN " RF_KEYS_CHANGED("IS NOT")
	" BEGIN " RF_STEPS_OF("old", "-1") RF_STEPS_OF("new", "1") " END;"
	"CREATE TRIGGER request_figures_step_insert AFTER INSERT ON request_steps WHEN new.satisfaction IS NOT NULL"
	" BEGIN " RF_STEP("new", "1") " END;"
	"CREATE TRIGGER request_figures_step_delete AFTER DELETE ON request_steps WHEN old.satisfaction IS NOT NULL"
	" BEGIN " RF_STEP("old", "-1") " END;"
	"CREATE TRIGGER request_figures_step_update AFTER UPDATE ON request_steps WHEN " RF_STEP_CHANGED("IS NOT")
	" BEGIN " RF_STEP("old", "-1") RF_STEP("new", "1") " END;",
	.pg_sql =
	RF_TABLE("")
	"CREATE FUNCTION request_figures_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	RF_REQ("new", "1") " RETURN NULL; END $$;"
	"CREATE FUNCTION request_figures_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	RF_REQ("old", "-1") " RETURN NULL; END $$;"
	"CREATE FUNCTION request_figures_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	RF_REQ("old", "-1") RF_REQ("new", "1") " RETURN NULL; END $$;"
	"CREATE FUNCTION request_figures_move() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	RF_STEPS_OF("old", "-1") RF_STEPS_OF("new", "1") " RETURN NULL; END $$;"
	"CREATE FUNCTION request_figures_step_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	RF_STEP("new", "1") " RETURN NULL; END $$;"
	"CREATE FUNCTION request_figures_step_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	RF_STEP("old", "-1") " RETURN NULL; END $$;"
	"CREATE FUNCTION request_figures_step_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	RF_STEP("old", "-1") RF_STEP("new", "1") " RETURN NULL; END $$;"
	"CREATE TRIGGER request_figures_insert AFTER INSERT ON requests FOR EACH ROW EXECUTE FUNCTION request_figures_insert();"
	"CREATE TRIGGER request_figures_delete AFTER DELETE ON requests FOR EACH ROW EXECUTE FUNCTION request_figures_delete();"
	"CREATE TRIGGER request_figures_update AFTER UPDATE ON requests FOR EACH ROW WHEN (" RF_CHANGED("IS DISTINCT FROM")
	") EXECUTE FUNCTION request_figures_update();"
	"CREATE TRIGGER request_figures_move AFTER UPDATE ON requests FOR EACH ROW WHEN (" RF_KEYS_CHANGED("IS DISTINCT FROM")
	") EXECUTE FUNCTION request_figures_move();"
	"CREATE TRIGGER request_figures_step_insert AFTER INSERT ON request_steps FOR EACH ROW"
	" WHEN (new.satisfaction IS NOT NULL) EXECUTE FUNCTION request_figures_step_insert();"
	"CREATE TRIGGER request_figures_step_delete AFTER DELETE ON request_steps FOR EACH ROW"
	" WHEN (old.satisfaction IS NOT NULL) EXECUTE FUNCTION request_figures_step_delete();"
	"CREATE TRIGGER request_figures_step_update AFTER UPDATE ON request_steps FOR EACH ROW WHEN ("
	RF_STEP_CHANGED("IS DISTINCT FROM") ") EXECUTE FUNCTION request_figures_step_update();",
},
{
	/* fig6 (issue 16, scale): request_figures (migration 40) keeps month rows beside its day rows
	 * (day = -YYYYMM), filled here from the day rows and kept by the same triggers, replaced
	 * (SQLite: dropped and created again; PostgreSQL: their functions replaced), so that GET /stats
	 * and /requests/stats read a year of a county as some 300 rows instead of 9,000. */
	.version = 41,
	.name = "requests: figures by month beside the days",
	/* no month rows before the fill (none yet: and so the bench's re-run of 40 and 41 starts clean) */
	.sql = "DELETE FROM request_figures WHERE day < 0;",
	.sqlite_sql =
	RFM_FILL(RF_MONTH_SQLITE)
	"DROP TRIGGER request_figures_insert; DROP TRIGGER request_figures_delete;"
	"DROP TRIGGER request_figures_update; DROP TRIGGER request_figures_move;"
	"DROP TRIGGER request_figures_step_insert; DROP TRIGGER request_figures_step_delete;"
	"DROP TRIGGER request_figures_step_update;"
	"CREATE TRIGGER request_figures_insert AFTER INSERT ON requests BEGIN " RFM_REQ("new", "1", RF_MONTH_SQLITE) " END;"
	"CREATE TRIGGER request_figures_delete AFTER DELETE ON requests BEGIN " RFM_REQ("old", "-1", RF_MONTH_SQLITE) " END;"
	"CREATE TRIGGER request_figures_update AFTER UPDATE ON requests WHEN " RF_CHANGED("IS NOT")
	" BEGIN " RFM_REQ("old", "-1", RF_MONTH_SQLITE) RFM_REQ("new", "1", RF_MONTH_SQLITE) " END;"
	"CREATE TRIGGER request_figures_move AFTER UPDATE ON requests WHEN " RF_KEYS_CHANGED("IS NOT")
	" BEGIN " RFM_STEPS_OF("old", "-1", RF_MONTH_SQLITE) RFM_STEPS_OF("new", "1", RF_MONTH_SQLITE) " END;"
	"CREATE TRIGGER request_figures_step_insert AFTER INSERT ON request_steps WHEN new.satisfaction IS NOT NULL"
	" BEGIN " RFM_STEP("new", "1", RF_MONTH_SQLITE) " END;"
	"CREATE TRIGGER request_figures_step_delete AFTER DELETE ON request_steps WHEN old.satisfaction IS NOT NULL"
	" BEGIN " RFM_STEP("old", "-1", RF_MONTH_SQLITE) " END;"
	"CREATE TRIGGER request_figures_step_update AFTER UPDATE ON request_steps WHEN " RF_STEP_CHANGED("IS NOT")
	" BEGIN " RFM_STEP("old", "-1", RF_MONTH_SQLITE) RFM_STEP("new", "1", RF_MONTH_SQLITE) " END;",
	.pg_sql =
	RFM_FILL(RF_MONTH_PG)
	"CREATE OR REPLACE FUNCTION request_figures_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	RFM_REQ("new", "1", RF_MONTH_PG) " RETURN NULL; END $$;"
	"CREATE OR REPLACE FUNCTION request_figures_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	RFM_REQ("old", "-1", RF_MONTH_PG) " RETURN NULL; END $$;"
	"CREATE OR REPLACE FUNCTION request_figures_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	RFM_REQ("old", "-1", RF_MONTH_PG) RFM_REQ("new", "1", RF_MONTH_PG) " RETURN NULL; END $$;"
	"CREATE OR REPLACE FUNCTION request_figures_move() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	RFM_STEPS_OF("old", "-1", RF_MONTH_PG) RFM_STEPS_OF("new", "1", RF_MONTH_PG) " RETURN NULL; END $$;"
	"CREATE OR REPLACE FUNCTION request_figures_step_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	RFM_STEP("new", "1", RF_MONTH_PG) " RETURN NULL; END $$;"
	"CREATE OR REPLACE FUNCTION request_figures_step_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	RFM_STEP("old", "-1", RF_MONTH_PG) " RETURN NULL; END $$;"
	"CREATE OR REPLACE FUNCTION request_figures_step_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	RFM_STEP("old", "-1", RF_MONTH_PG) RFM_STEP("new", "1", RF_MONTH_PG) " RETURN NULL; END $$;",
},
{
	/* The escalation sweep's compare-and-set (modules/requests/escalation.c): the time the sweep took a
	 * request up, set by its UPDATE, so that two `lianxin serve` processes sweeping at once escalate a
	 * request once even when its organisation has no escalation target (escalated_org_id stays NULL).
	 * Filled from the escalate steps stored before. */
	.version = 42,
	.name = "requests: escalated_at, the escalation sweep's compare-and-set",
	.sql = "ALTER TABLE requests ADD COLUMN escalated_at BIGINT;"
	"UPDATE requests SET escalated_at = (SELECT MIN(s.at) FROM request_steps s WHERE s.request_id = requests.id"
	" AND s.action = 'escalate') WHERE id IN (SELECT request_id FROM request_steps WHERE action = 'escalate');",
},
/* visit7 (issue 15, benchmark): what GET /visits/coverage of a county reads, kept in the visits'
 * writing transaction (SQLite row triggers; PostgreSQL row triggers and TRUNCATE triggers; named
 * outside stats_ so a bulk load keeps them) and filled here from the stored rows:
 * - visit_months: a household's home visits by month (the first and last day with one, how many),
 *   so that "reached" (入户: a home visit in the period) is one seek per household instead of a
 *   walk of its visits; a month's row decides unless the period lies inside that month strictly
 *   between its first and last day (visit_coverage.c).  An insert widens its month; a delete or a
 *   change counts the month again from the visits (visits_household).
 * - visit_day_months: visit_days (migration 39) summed by month, so that a year of a county reads
 *   its whole months there and only the days at its ends from visit_days.
 * - pairings_helpers: the 帮扶责任人 pairings of a subtree, holding what their count reads. */
#define VISIT_MONTH_REDO(R)                                                                                  \
	"DELETE FROM visit_months WHERE household_id = " R ".household_id AND month = SUBSTR(" R ".visited_on, 1, 7);" \
	"INSERT INTO visit_months (household_id, month, first_on, last_on, visits)"                            \
	" SELECT v.household_id, SUBSTR(v.visited_on, 1, 7), MIN(v.visited_on), MAX(v.visited_on), COUNT(*)"   \
	" FROM visits v WHERE v.household_id = " R ".household_id AND v.kind = 'home'"                         \
	" AND v.visited_on >= SUBSTR(" R ".visited_on, 1, 7) || '-01' AND v.visited_on <= SUBSTR(" R ".visited_on, 1, 7) || '-31'" \
	" GROUP BY v.household_id, SUBSTR(v.visited_on, 1, 7);"
#define VISIT_MONTH_ADD(R, LO, HI)                                                                           \
	"INSERT INTO visit_months (household_id, month, first_on, last_on, visits)"                            \
	" VALUES (" R ".household_id, SUBSTR(" R ".visited_on, 1, 7), " R ".visited_on, " R ".visited_on, 1)"  \
	" ON CONFLICT (household_id, month) DO UPDATE SET first_on = " LO "(visit_months.first_on, excluded.first_on)," \
	" last_on = " HI "(visit_months.last_on, excluded.last_on), visits = visit_months.visits + 1;"
#define VISIT_MONTH_TABLES(WITHOUT_ROWID, INCLUDE)                                                                    \
	"CREATE TABLE visit_months ("                                                                          \
	"  household_id BIGINT NOT NULL,"                                                                      \
	"  month TEXT NOT NULL,"                                                                               \
	"  first_on TEXT NOT NULL,"                                                                            \
	"  last_on TEXT NOT NULL,"                                                                             \
	"  visits BIGINT NOT NULL,"                                                                            \
	"  PRIMARY KEY (household_id, month)" INCLUDE                                                          \
	")" WITHOUT_ROWID ";"                                                                                  \
	"INSERT INTO visit_months (household_id, month, first_on, last_on, visits)"                            \
	" SELECT household_id, SUBSTR(visited_on, 1, 7), MIN(visited_on), MAX(visited_on), COUNT(*) FROM visits" \
	" WHERE household_id IS NOT NULL AND kind = 'home' GROUP BY household_id, SUBSTR(visited_on, 1, 7);"  \
	"CREATE TABLE visit_day_months ("                                                                      \
	"  division TEXT NOT NULL,"                                                                            \
	"  month TEXT NOT NULL,"                                                                               \
	"  visits BIGINT NOT NULL,"                                                                            \
	"  rated BIGINT NOT NULL,"                                                                             \
	"  satisfied BIGINT NOT NULL,"                                                                         \
	"  basic BIGINT NOT NULL,"                                                                             \
	"  unsatisfied BIGINT NOT NULL,"                                                                       \
	"  PRIMARY KEY (division, month)"                                                                      \
	")" WITHOUT_ROWID ";"                                                                                  \
	"INSERT INTO visit_day_months (division, month, visits, rated, satisfied, basic, unsatisfied)"         \
	" SELECT division, SUBSTR(visited_on, 1, 7), SUM(visits), SUM(rated), SUM(satisfied), SUM(basic), SUM(unsatisfied)" \
	" FROM visit_days GROUP BY division, SUBSTR(visited_on, 1, 7);"
/* visit_days' sums by month (visit_day_months), as VISIT_DAY keeps them by day */
#define VISIT_DAY_MONTH(R, S)                                                                                \
	"INSERT INTO visit_day_months (division, month, visits, rated, satisfied, basic, unsatisfied)"         \
	" SELECT " R ".division, SUBSTR(" R ".visited_on, 1, 7), " S "1,"                                      \
	" " S "(CASE WHEN " R ".satisfaction IS NOT NULL THEN 1 ELSE 0 END),"                                  \
	" " S "(CASE WHEN " R ".satisfaction = 'satisfied' THEN 1 ELSE 0 END),"                                \
	" " S "(CASE WHEN " R ".satisfaction = 'basic' THEN 1 ELSE 0 END),"                                    \
	" " S "(CASE WHEN " R ".satisfaction = 'unsatisfied' THEN 1 ELSE 0 END)"                               \
	" WHERE " R ".household_id IS NOT NULL"                                                                \
	" ON CONFLICT (division, month) DO UPDATE SET visits = visit_day_months.visits + excluded.visits,"    \
	" rated = visit_day_months.rated + excluded.rated, satisfied = visit_day_months.satisfied + excluded.satisfied," \
	" basic = visit_day_months.basic + excluded.basic, unsatisfied = visit_day_months.unsatisfied + excluded.unsatisfied;"
#define VISIT_MONTH_HOME(R) R ".household_id IS NOT NULL AND " R ".kind = 'home'"
#define VISIT_MONTH_CHANGED(NE) \
	"old.household_id " NE " new.household_id OR old.visited_on " NE " new.visited_on OR old.kind " NE " new.kind"
{
	.version = 43,
	.name = "visits: a household's home visits by month (visit_months) and the visits' sums by month (visit_day_months)"
		" kept by the visits' writes; the helpers' pairings indexed for their count",
	/* the 帮扶责任人 pairings of a subtree with what their count reads (partial: only a query naming
	 * kind = 'cadre_household' uses it, and there it is pairings_division's range, narrower and
	 * covering; an index led by kind made the planner walk every helper's pairing for a village's
	 * coverage); analysed at once so that the planner weighs it against the others */
	.sql = "CREATE INDEX pairings_helpers ON pairings(division, kind, person_id, start_on, end_on, household_id)"
	       " WHERE kind = 'cadre_household';"
	       "ANALYZE pairings;",
	.sqlite_sql =
	VISIT_MONTH_TABLES(" WITHOUT ROWID", "")
	"CREATE TRIGGER visit_months_insert AFTER INSERT ON visits WHEN " VISIT_MONTH_HOME("new")
	" BEGIN " VISIT_MONTH_ADD("new", "MIN", "MAX") " END;"
	"CREATE TRIGGER visit_months_delete AFTER DELETE ON visits WHEN " VISIT_MONTH_HOME("old")
	" BEGIN " VISIT_MONTH_REDO("old") " END;"
	"CREATE TRIGGER visit_months_update AFTER UPDATE ON visits WHEN " VISIT_MONTH_CHANGED("IS NOT")
	" BEGIN " VISIT_MONTH_REDO("old") VISIT_MONTH_REDO("new") " END;"
	"CREATE TRIGGER visit_day_months_insert AFTER INSERT ON visits BEGIN " VISIT_DAY_MONTH("new", "") " END;"
	"CREATE TRIGGER visit_day_months_delete AFTER DELETE ON visits BEGIN " VISIT_DAY_MONTH("old", "-") " END;"
	"CREATE TRIGGER visit_day_months_update AFTER UPDATE ON visits WHEN old.division IS NOT new.division"
	" OR old.visited_on IS NOT new.visited_on OR old.household_id IS NOT new.household_id"
	" OR old.satisfaction IS NOT new.satisfaction BEGIN " VISIT_DAY_MONTH("old", "-") VISIT_DAY_MONTH("new", "") " END;",
	.pg_sql =
	/* PostgreSQL: the month rows' days in the key's index (an index-only seek per household), and
	 * people by division and id (SQLite's people_division holds the rowid: the helpers' page stops
	 * when full; PostgreSQL's sorted every helper of the division by id first) */
	VISIT_MONTH_TABLES("", " INCLUDE (first_on, last_on)")
	"CREATE INDEX people_division_id ON people(division, id);"
	"CREATE FUNCTION visit_months_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
	" IF TG_OP = 'INSERT' THEN IF " VISIT_MONTH_HOME("NEW") " THEN " VISIT_MONTH_ADD("NEW", "LEAST", "GREATEST") " END IF;"
	" ELSIF TG_OP = 'DELETE' THEN IF " VISIT_MONTH_HOME("OLD") " THEN " VISIT_MONTH_REDO("OLD") " END IF;"
	" ELSE " VISIT_MONTH_REDO("OLD") VISIT_MONTH_REDO("NEW") " END IF;"
	" RETURN NULL; END $$;"
	"CREATE TRIGGER visit_months_row AFTER INSERT OR DELETE ON visits FOR EACH ROW EXECUTE FUNCTION visit_months_row();"
	"CREATE TRIGGER visit_months_update AFTER UPDATE ON visits FOR EACH ROW WHEN (" VISIT_MONTH_CHANGED("IS DISTINCT FROM")
	") EXECUTE FUNCTION visit_months_row();"
	"CREATE FUNCTION visit_months_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
	" DELETE FROM visit_months; RETURN NULL; END $$;"
	"CREATE TRIGGER visit_months_truncate AFTER TRUNCATE ON visits FOR EACH STATEMENT EXECUTE FUNCTION visit_months_truncate();"
	"CREATE FUNCTION visit_day_months_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
	" IF TG_OP <> 'INSERT' THEN " VISIT_DAY_MONTH("OLD", "-") " END IF;"
	" IF TG_OP <> 'DELETE' THEN " VISIT_DAY_MONTH("NEW", "") " END IF;"
	" RETURN NULL; END $$;"
	"CREATE TRIGGER visit_day_months_row AFTER INSERT OR UPDATE OR DELETE ON visits FOR EACH ROW"
	" EXECUTE FUNCTION visit_day_months_row();"
	"CREATE FUNCTION visit_day_months_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
	" DELETE FROM visit_day_months; RETURN NULL; END $$;"
	"CREATE TRIGGER visit_day_months_truncate AFTER TRUNCATE ON visits FOR EACH STATEMENT"
	" EXECUTE FUNCTION visit_day_months_truncate();",
},
/* cov7 (issue 15, benchmark): a helper's last visit to its household kept on the pairing
 * (pairings.last_visit_on: the latest visited_on of the pairing's person to its household, any
 * date), so that the 帮扶责任人's and 1+X visit duties (GET /coverage, /visits/overdue?by=helper)
 * read a column of the pairings rather than seek the visits once per pairing.  Kept by the visits'
 * inserts, updates and deletes and set by a pairing's insert or change of person or household
 * (SQLite row triggers, PostgreSQL row triggers and a TRUNCATE trigger; not stats_ triggers, so a
 * bulk load keeps them on); filled here from the stored visits.  R: a visits row (new, old) or
 * the pairing whose pair (person, household) is read. */
#define LV_MAX(R) "(SELECT MAX(v.visited_on) FROM visits v WHERE v.person_id = " R ".person_id" \
	" AND v.household_id = " R ".household_id)"
#define LV_PAIR(R) " WHERE person_id = " R ".person_id AND household_id = " R ".household_id"
/* a new visit: later than the pair's last one */
#define LV_INSERT(R) "UPDATE pairings SET last_visit_on = " R ".visited_on" LV_PAIR(R) \
	" AND (last_visit_on IS NULL OR last_visit_on < " R ".visited_on);"
/* a visit gone (deleted, moved to another day or pair): the pair's last visit again when it was this one */
#define LV_REMOVE(R) "UPDATE pairings SET last_visit_on = " LV_MAX(R) LV_PAIR(R) " AND last_visit_on = " R ".visited_on;"
#define LV_CHANGED(NE) "old.person_id " NE " new.person_id OR old.household_id " NE " new.household_id" \
	" OR old.visited_on " NE " new.visited_on"
{
	.version = 44,
	.name = "pairings: a helper's last visit to the paired household kept on the pairing (last_visit_on)",
	.sql =
	"ALTER TABLE pairings ADD COLUMN last_visit_on TEXT;"
	"UPDATE pairings SET last_visit_on = " LV_MAX("pairings")
	" WHERE person_id IS NOT NULL AND household_id IS NOT NULL;",
	.sqlite_sql =
	"CREATE TRIGGER pairing_last_visit_insert AFTER INSERT ON visits WHEN new.household_id IS NOT NULL"
	" BEGIN " LV_INSERT("new") " END;"
	"CREATE TRIGGER pairing_last_visit_delete AFTER DELETE ON visits WHEN old.household_id IS NOT NULL"
	" BEGIN " LV_REMOVE("old") " END;"
	"CREATE TRIGGER pairing_last_visit_update AFTER UPDATE ON visits WHEN " LV_CHANGED("IS NOT")
	" BEGIN " LV_REMOVE("old") LV_INSERT("new") " END;"
	"CREATE TRIGGER pairing_last_visit_pairing AFTER INSERT ON pairings WHEN new.household_id IS NOT NULL"
	" BEGIN UPDATE pairings SET last_visit_on = " LV_MAX("new") " WHERE id = new.id; END;"
	"CREATE TRIGGER pairing_last_visit_pair AFTER UPDATE OF person_id, household_id ON pairings"
	" BEGIN UPDATE pairings SET last_visit_on = " LV_MAX("new") " WHERE id = new.id; END;",
	.pg_sql =
	"CREATE FUNCTION pairing_last_visit_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
	" IF TG_OP <> 'INSERT' AND OLD.household_id IS NOT NULL THEN " LV_REMOVE("OLD") " END IF;"
	" IF TG_OP <> 'DELETE' AND NEW.household_id IS NOT NULL THEN " LV_INSERT("NEW") " END IF;"
	" RETURN NULL; END $$;"
	"CREATE TRIGGER pairing_last_visit_row AFTER INSERT OR DELETE ON visits FOR EACH ROW"
	" EXECUTE FUNCTION pairing_last_visit_row();"
	"CREATE TRIGGER pairing_last_visit_update AFTER UPDATE ON visits FOR EACH ROW WHEN (" LV_CHANGED("IS DISTINCT FROM") ")"
	" EXECUTE FUNCTION pairing_last_visit_row();"
	"CREATE FUNCTION pairing_last_visit_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
	" UPDATE pairings SET last_visit_on = NULL WHERE last_visit_on IS NOT NULL; RETURN NULL; END $$;"
	"CREATE TRIGGER pairing_last_visit_truncate AFTER TRUNCATE ON visits FOR EACH STATEMENT"
	" EXECUTE FUNCTION pairing_last_visit_truncate();"
	"CREATE FUNCTION pairing_last_visit_pairing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
	" NEW.last_visit_on := CASE WHEN NEW.household_id IS NULL THEN NULL ELSE " LV_MAX("NEW") " END; RETURN NEW; END $$;"
	"CREATE TRIGGER pairing_last_visit_pairing BEFORE INSERT OR UPDATE OF person_id, household_id ON pairings FOR EACH ROW"
	" EXECUTE FUNCTION pairing_last_visit_pairing();",
},
/* ---- memo8 (issues 15, 16): the node memo cleared by what each kind reads ---- */
/* Migration 34 cleared every kind of memo row at the written divisions and all their ancestors,
 * so a visit cleared the county's coverage parts (its own 7,000 cadres' part: a visitor's
 * division, and the pairing's last_visit_on the visit raises), the spanning rule's rows and the
 * meeting compliance, which read no visits (140 ms of CPU for the next county /coverage).  Now:
 * - the per-division coverage parts (kind cov_own: one division's own members) go at the
 *   written divisions only, never at their ancestors (a part holds no other division's rows);
 * - each table clears the kinds that read it: visits, households and team members no
 *   spanning-rule rows (cov_spans, cov_spans_rule: a helper's pairings) and no compliance
 *   (compliance, cmp_own); meetings and meeting rules no coverage; coverage rules and 片区 no
 *   compliance; a kind not named here (a new one) is cleared at every written division's
 *   ancestors, as before;
 * - a visit clears its visitor's division only when the visitor is a township leader (the rule
 *   leader_village_days counts their visits; the others' duties lie in the visited division):
 *   SQLite mirrors them in memo_leaders (kept by triggers named outside stats_, so a bulk load
 *   keeps it), PostgreSQL reads people;
 * - a household's update clears only when a column coverage reads changes (division, status,
 *   monitor_category), a pairing's only when another than last_visit_on does;
 * - the bug: a spanning rule (cadre_max_households: a helper counted wherever it helps) kept
 *   per node was not cleared when one of its helpers got a pairing outside the node (the
 *   pairing's, household's and helper's divisions all outside): a pairing's or a person's
 *   write now also clears the spanning and node rows at every division holding one of the
 *   helper's cadre_household pairings; and a township leader's 片区 pairing, whose duty's members
 *   lie in the area's villages (visit_area_village), the rows of the area's township and below. */
#define NM_ANC(X) " division IN ('', substr(" X ", 1, 2), substr(" X ", 1, 4), substr(" X ", 1, 6), substr(" X ", 1, 9)," \
	" substr(" X ", 1, 12), " X ")"
#define NM_COV "'cov_own', 'cov_node', 'coverage', 'cov_sum', 'cov_spans', 'cov_spans_rule'"
#define NM_CMP "'compliance', 'cmp_own'"
#define NM_SPANS "'cov_spans', 'cov_spans_rule'"
/* the kinds a visit, household or team member leaves: the parts (cleared exactly), spans, compliance */
#define NM_NOT_ROWS "kind NOT IN ('cov_own', " NM_SPANS ", " NM_CMP ")"
/* the kinds a pairing leaves: the parts (cleared exactly) and compliance */
#define NM_NOT_PAIRING "kind NOT IN ('cov_own', " NM_CMP ")"
/* SQLite, row R: the node kinds at X's ancestors (but those of NOT), and X's own part */
#define NM_SQ_AT(NOT, X) "DELETE FROM stats_memo WHERE " NOT " AND" NM_ANC(X) ";" \
	"DELETE FROM stats_memo WHERE kind = 'cov_own' AND division = " X ";"
#define NM_SQ_ROW(X) NM_SQ_AT(NM_NOT_ROWS, X)
#define NM_LEADER(R) "(SELECT l.division FROM memo_leaders l WHERE l.person_id = " R ".person_id)"
#define NM_SQ_ROW_R(R) NM_SQ_ROW(R ".division")
#define NM_SQ_VISIT(R) NM_SQ_ROW(R ".division") NM_SQ_ROW(MEMO_HH(R)) NM_SQ_ROW(NM_LEADER(R))
/* the spanning rule's rows (and the node rows holding them) at every division of person P's helper pairings */
#define NM_SQ_SPANS(P) "DELETE FROM stats_memo WHERE " NM_NOT_PAIRING " AND division IN (SELECT '' UNION SELECT substr(q.division, 1, l.n)" \
	" FROM pairings q, (SELECT 2 AS n UNION ALL SELECT 4 UNION ALL SELECT 6 UNION ALL SELECT 9 UNION ALL SELECT 12" \
	" UNION ALL SELECT 15) l WHERE q.person_id = " P " AND q.kind = 'cadre_household' UNION SELECT q.division FROM pairings q" \
	" WHERE q.person_id = " P " AND q.kind = 'cadre_household');"
/* a township leader's 片区 pairing: its duty's members lie in the area's villages (visit_area_village),
 * so the rows of the area's township and below go too */
#define NM_SQ_AREA(R) "DELETE FROM stats_memo WHERE " R ".area_id IS NOT NULL AND kind NOT IN (" NM_CMP ") AND division LIKE" \
	" (SELECT a.division FROM pairing_areas a WHERE a.id = " R ".area_id) || '%';"
#define NM_SQ_PAIRING(R) NM_SQ_AT(NM_NOT_PAIRING, R ".division") NM_SQ_AT(NM_NOT_PAIRING, R ".target") \
	NM_SQ_AT(NM_NOT_PAIRING, MEMO_HH(R)) NM_SQ_AT(NM_NOT_PAIRING, MEMO_PE(R)) NM_SQ_SPANS(R ".person_id") NM_SQ_AREA(R)
#define NM_SQ_MEETING(R) "DELETE FROM stats_memo WHERE kind NOT IN (" NM_COV ") AND" NM_ANC(R ".division") ";"
#define NM_SQ_DROP(T) "DROP TRIGGER IF EXISTS stats_memo_" T "_i; DROP TRIGGER IF EXISTS stats_memo_" T "_d;" \
	" DROP TRIGGER IF EXISTS stats_memo_" T "_u;"
/* the three row triggers of TABLE, the update's only when one of COLS changes (all: "") */
#define NM_SQ(TABLE, COLS, BODY)                                                                                   \
	"CREATE TRIGGER stats_memo_" TABLE "_i AFTER INSERT ON " TABLE " BEGIN " MEMO_GEN BODY("new") " END;"         \
	"CREATE TRIGGER stats_memo_" TABLE "_d AFTER DELETE ON " TABLE " BEGIN " MEMO_GEN BODY("old") " END;"         \
	"CREATE TRIGGER stats_memo_" TABLE "_u AFTER UPDATE " COLS " ON " TABLE " BEGIN " MEMO_GEN BODY("old") BODY("new") " END;"
#define NM_SQ_WHERE(TABLE, WHERE)                                                                                  \
	"CREATE TRIGGER stats_memo_" TABLE "_i AFTER INSERT ON " TABLE " BEGIN " MEMO_GEN " DELETE FROM stats_memo WHERE " WHERE "; END;" \
	"CREATE TRIGGER stats_memo_" TABLE "_d AFTER DELETE ON " TABLE " BEGIN " MEMO_GEN " DELETE FROM stats_memo WHERE " WHERE "; END;" \
	"CREATE TRIGGER stats_memo_" TABLE "_u AFTER UPDATE ON " TABLE " BEGIN " MEMO_GEN " DELETE FROM stats_memo WHERE " WHERE "; END;"
/* the columns coverage reads of a household, of a pairing (all but last_visit_on, created_at, updated_at, note) */
#define NM_HH_COLS "division, status, monitor_category"
#define NM_PAIRING_COLS "kind, division, unit_id, org_id, person_id, household_id, target, area_id, group_name, start_on, end_on"
/* PostgreSQL: statement triggers over the transition tables; D(T) the divisions of T's rows (as d),
 * T a table or a parenthesised query, always aliased */
#define NM_PG_AT(NOT, D) " DELETE FROM stats_memo m WHERE m." NOT " AND EXISTS (SELECT 1 FROM (" D ") a" \
	" WHERE substr(a.d, 1, length(m.division)) = m.division); DELETE FROM stats_memo m WHERE m.kind = 'cov_own'" \
	" AND m.division IN (SELECT a.d FROM (" D ") a);"
#define NM_PG_SPANS(P) " DELETE FROM stats_memo m WHERE m." NM_NOT_PAIRING " AND EXISTS (SELECT 1 FROM pairings q" \
	" WHERE q.person_id IN (" P ") AND q.kind = 'cadre_household' AND substr(q.division, 1, length(m.division)) = m.division);"
#define NM_PG_VISIT(T) "SELECT x.division AS d FROM " T " x UNION ALL SELECT h.division FROM " T " x JOIN households h" \
	" ON h.id = x.household_id UNION ALL SELECT p.division FROM " T " x JOIN people p ON p.id = x.person_id" \
	" AND p.cadre_role = 'township_leader'"
#define NM_PG_PAIRING(T) "SELECT x.division AS d FROM " T " x UNION ALL SELECT h.division FROM " T " x JOIN households h" \
	" ON h.id = x.household_id UNION ALL SELECT p.division FROM " T " x JOIN people p ON p.id = x.person_id" \
	" UNION ALL SELECT x.target FROM " T " x WHERE x.target IS NOT NULL"
#define NM_PG_DIV(T) "SELECT x.division AS d FROM " T " x"
/* the rows of an update whose columns C changed: the new ones (S "n") or the old (S "o") */
#define NM_PG_CHANGED(S, CN, CO) "(SELECT " S ".* FROM nt n JOIN ot o ON o.id = n.id WHERE (" CN ") IS DISTINCT FROM (" CO "))"
#define NM_PG_FN(NAME, BODY) \
	"CREATE OR REPLACE FUNCTION " NAME "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " MEMO_PG_BEGIN BODY " RETURN NULL; END $$;"
#define NM_PG_TRIGGERS(TABLE)                                                                                      \
	"DROP TRIGGER IF EXISTS stats_memo_" TABLE "_i ON " TABLE "; DROP TRIGGER IF EXISTS stats_memo_" TABLE "_d ON " TABLE ";" \
	" DROP TRIGGER IF EXISTS stats_memo_" TABLE "_u ON " TABLE ";"                                                \
	"CREATE TRIGGER stats_memo_" TABLE "_i AFTER INSERT ON " TABLE " REFERENCING NEW TABLE AS nt"                  \
	" FOR EACH STATEMENT EXECUTE FUNCTION stats_memo_" TABLE "_i();"                                               \
	"CREATE TRIGGER stats_memo_" TABLE "_d AFTER DELETE ON " TABLE " REFERENCING OLD TABLE AS ot"                  \
	" FOR EACH STATEMENT EXECUTE FUNCTION stats_memo_" TABLE "_d();"                                               \
	"CREATE TRIGGER stats_memo_" TABLE "_u AFTER UPDATE ON " TABLE " REFERENCING OLD TABLE AS ot NEW TABLE AS nt"  \
	" FOR EACH STATEMENT EXECUTE FUNCTION stats_memo_" TABLE "_u();"
/* TABLE's three functions: AT(T) the deletions of T's rows; UPD the update's T for the new and old rows */
#define NM_PG(TABLE, AT, NEWU, OLDU) \
	NM_PG_FN("stats_memo_" TABLE "_i", AT("nt")) NM_PG_FN("stats_memo_" TABLE "_d", AT("ot")) \
	NM_PG_FN("stats_memo_" TABLE "_u", AT(NEWU) AT(OLDU)) NM_PG_TRIGGERS(TABLE)
#define NM_PG_VISITS(T) NM_PG_AT(NM_NOT_ROWS, NM_PG_VISIT(T))
#define NM_PG_ROWS(T) NM_PG_AT(NM_NOT_ROWS, NM_PG_DIV(T))
#define NM_PG_AREA(T) " DELETE FROM stats_memo m WHERE m.kind NOT IN (" NM_CMP ") AND EXISTS (SELECT 1 FROM " T " x" \
	" JOIN pairing_areas a ON a.id = x.area_id WHERE substr(m.division, 1, length(a.division)) = a.division);"
#define NM_PG_PAIRINGS(T) NM_PG_AT(NM_NOT_PAIRING, NM_PG_PAIRING(T)) NM_PG_SPANS("SELECT x.person_id FROM " T " x") NM_PG_AREA(T)
#define NM_PG_MEETINGS(T) " DELETE FROM stats_memo m WHERE m.kind NOT IN (" NM_COV ") AND EXISTS (SELECT 1 FROM (" NM_PG_DIV(T) ") a" \
	" WHERE substr(a.d, 1, length(m.division)) = m.division);"
#define NM_PG_PEOPLE(T) NM_PG_SPANS("SELECT x.id FROM " T " x")
#define NM_PG_WHERE(TABLE, WHERE) \
	"CREATE FUNCTION stats_memo_" TABLE "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " MEMO_PG_BEGIN \
	" DELETE FROM stats_memo WHERE " WHERE "; RETURN NULL; END $$;" \
	"DROP TRIGGER IF EXISTS stats_memo_" TABLE " ON " TABLE ";" \
	"CREATE TRIGGER stats_memo_" TABLE " AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON " TABLE \
	" FOR EACH STATEMENT EXECUTE FUNCTION stats_memo_" TABLE "();"
#define NM_HH_PG(S) S ".division, " S ".status, " S ".monitor_category"
#define NM_PAIRING_PG(S) S ".kind, " S ".division, " S ".unit_id, " S ".org_id, " S ".person_id, " S ".household_id, " \
	S ".target, " S ".area_id, " S ".group_name, " S ".start_on, " S ".end_on"
{
	.version = 45,
	.name = "stats: the node memo cleared by what each kind reads (a visit no longer clears the county's parts), and a"
		" helper's pairing clears the spanning rule wherever the helper helps",
	/* the memos kept so far may hold the spanning rule's stale rows: drop them once */
	.sql = "DELETE FROM stats_memo;",
	.sqlite_sql =
	"CREATE TABLE memo_leaders (person_id BIGINT PRIMARY KEY, division TEXT);"
	"INSERT INTO memo_leaders (person_id, division) SELECT id, division FROM people WHERE cadre_role = 'township_leader';"
	"CREATE TRIGGER memo_leaders_i AFTER INSERT ON people WHEN new.cadre_role = 'township_leader' BEGIN"
	" INSERT INTO memo_leaders (person_id, division) VALUES (new.id, new.division); END;"
	"CREATE TRIGGER memo_leaders_d AFTER DELETE ON people BEGIN DELETE FROM memo_leaders WHERE person_id = old.id; END;"
	"CREATE TRIGGER memo_leaders_u AFTER UPDATE OF id, division, cadre_role ON people BEGIN"
	" DELETE FROM memo_leaders WHERE person_id = old.id;"
	" INSERT INTO memo_leaders (person_id, division) SELECT new.id, new.division WHERE new.cadre_role = 'township_leader'; END;"
	NM_SQ_DROP("visits") NM_SQ_DROP("pairings") NM_SQ_DROP("team_members") NM_SQ_DROP("households") NM_SQ_DROP("meetings")
	NM_SQ_DROP("meeting_rules") NM_SQ_DROP("coverage_rules") NM_SQ_DROP("pairing_areas")
	NM_SQ("visits", "", NM_SQ_VISIT)
	NM_SQ("pairings", "OF " NM_PAIRING_COLS, NM_SQ_PAIRING)
	NM_SQ("team_members", "", NM_SQ_ROW_R)
	NM_SQ("households", "OF " NM_HH_COLS, NM_SQ_ROW_R)
	NM_SQ("meetings", "", NM_SQ_MEETING)
	NM_SQ_WHERE("meeting_rules", "kind NOT IN (" NM_COV ")")
	NM_SQ_WHERE("coverage_rules", "kind NOT IN (" NM_CMP ")")
	NM_SQ_WHERE("pairing_areas", "kind NOT IN (" NM_CMP ")")
	"CREATE TRIGGER stats_memo_people_spans_i AFTER INSERT ON people BEGIN " NM_SQ_SPANS("new.id") " END;"
	"CREATE TRIGGER stats_memo_people_spans_d AFTER DELETE ON people BEGIN " NM_SQ_SPANS("old.id") " END;"
	"CREATE TRIGGER stats_memo_people_spans_u AFTER UPDATE ON people BEGIN " NM_SQ_SPANS("old.id") NM_SQ_SPANS("new.id") " END;",
	.pg_sql =
	NM_PG("visits", NM_PG_VISITS, "nt", "ot")
	NM_PG("pairings", NM_PG_PAIRINGS, NM_PG_CHANGED("n", NM_PAIRING_PG("n"), NM_PAIRING_PG("o")),
	      NM_PG_CHANGED("o", NM_PAIRING_PG("n"), NM_PAIRING_PG("o")))
	NM_PG("team_members", NM_PG_ROWS, "nt", "ot")
	NM_PG("households", NM_PG_ROWS, NM_PG_CHANGED("n", NM_HH_PG("n"), NM_HH_PG("o")), NM_PG_CHANGED("o", NM_HH_PG("n"), NM_HH_PG("o")))
	NM_PG("meetings", NM_PG_MEETINGS, "nt", "ot")
	"DROP TRIGGER IF EXISTS stats_memo_meeting_rules ON meeting_rules; DROP TRIGGER IF EXISTS stats_memo_coverage_rules ON"
	" coverage_rules; DROP TRIGGER IF EXISTS stats_memo_pairing_areas ON pairing_areas;"
	NM_PG_WHERE("meeting_rules", "kind NOT IN (" NM_COV ")")
	NM_PG_WHERE("coverage_rules", "kind NOT IN (" NM_CMP ")")
	NM_PG_WHERE("pairing_areas", "kind NOT IN (" NM_CMP ")")
	NM_PG_FN("stats_memo_people_spans_i", NM_PG_PEOPLE("nt")) NM_PG_FN("stats_memo_people_spans_d", NM_PG_PEOPLE("ot"))
	NM_PG_FN("stats_memo_people_spans_u", NM_PG_PEOPLE("nt") NM_PG_PEOPLE("ot"))
	"CREATE TRIGGER stats_memo_people_spans_i AFTER INSERT ON people REFERENCING NEW TABLE AS nt"
	" FOR EACH STATEMENT EXECUTE FUNCTION stats_memo_people_spans_i();"
	"CREATE TRIGGER stats_memo_people_spans_d AFTER DELETE ON people REFERENCING OLD TABLE AS ot"
	" FOR EACH STATEMENT EXECUTE FUNCTION stats_memo_people_spans_d();"
	"CREATE TRIGGER stats_memo_people_spans_u AFTER UPDATE ON people REFERENCING OLD TABLE AS ot NEW TABLE AS nt"
	" FOR EACH STATEMENT EXECUTE FUNCTION stats_memo_people_spans_u();",
},
{
	/* memo8 (issue 15): the coverage rules over cadres of one role (township leaders' areas and days in
	 * villages, township staff's villages and households) read every person of the subtree to find
	 * them: 20,341 people of a county for its 110 township leaders (22 ms a rule in a county's
	 * first /coverage of the day); an index by role and division reads those of the role only */
	.version = 46,
	.name = "people indexed by cadre role and division (the coverage rules' populations of one role)",
	.sql = "CREATE INDEX people_cadre_role ON people(cadre_role, division) WHERE cadre_role IS NOT NULL;",
},
/* sum8 (issue 16, benchmark): the notices and tasks (receipts, done), the trainings (sessions,
 * minutes) and their attendance (attendees) of GET /stats kept in the writing transaction, per
 * division, kind and China day (a record's own division, len 0) or month (a county's and a
 * township's rows, len 6 and 9), as stats_help is: a county's warm /stats grouped 11-13k receipts
 * and 83,441 attendees live on every read.  SQLite row triggers; PostgreSQL statement triggers
 * appending grouped deltas to a log that readers add and fold (modules/stats/rollup.c).  A notice's
 * receipt counts under the notice's kind and creation day (moved when is_task or created_at
 * changes), an attendee under the training's kind and day (moved when they change).  Named
 * stats_..., so a bulk load sets them aside and modules/stats/bulk.c rebuilds the rows. */
#define SD_N_SET " ON CONFLICT (len, division, kind, day) DO UPDATE SET receipts = stats_notices.receipts +" \
	" excluded.receipts, done = stats_notices.done + excluded.done;"
#define SD_T_SET " ON CONFLICT (len, division, kind, day) DO UPDATE SET sessions = stats_trainings.sessions +" \
	" excluded.sessions, minutes = stats_trainings.minutes + excluded.minutes;"
#define SD_A_SET " ON CONFLICT (len, division, kind, day) DO UPDATE SET attendees = stats_attendance.attendees +" \
	" excluded.attendees;"
#define SD_KEY(T) STATS_DAY_KEY(T, STATS_MONTH_SQLITE)
/* SQLite: a receipt R (new, old) with the sign S ("" or "-") */
#define SD_RECEIPT(R, S)                                                                                    \
	"INSERT INTO stats_notices (len, division, kind, day, receipts, done) SELECT l.len, " STATS_DAY_AT(R) "," \
	" " STATS_NOTICE_KIND("n") ", " SD_KEY("n.created_at") ", " S "1, " S "(" STATS_NOTICE_DONE("n", R) ")"   \
	" FROM notices n JOIN stats_levels l ON l.len <= length(" R ".division) WHERE n.id = " R ".notice_id" SD_N_SET
/* a notice N as it was or is: all its receipts */
#define SD_NOTICE(N, S)                                                                                     \
	"INSERT INTO stats_notices (len, division, kind, day, receipts, done) SELECT l.len, " STATS_DAY_AT("r") "," \
	" " STATS_NOTICE_KIND(N) ", " SD_KEY(N ".created_at") ", " S "COUNT(*), " S "SUM(" STATS_NOTICE_DONE(N, "r") ")" \
	" FROM notice_receipts r JOIN stats_levels l ON l.len <= length(r.division) WHERE r.notice_id = " N ".id"   \
	" GROUP BY 1, 2, 3, 4" SD_N_SET
#define SD_TRAINING(R, S)                                                                                   \
	"INSERT INTO stats_trainings (len, division, kind, day, sessions, minutes) SELECT l.len, " STATS_DAY_AT(R) "," \
	" " R ".kind, " SD_KEY(R ".starts_at") ", " S "1, " S "COALESCE(" R ".minutes, 0) FROM stats_levels l"      \
	" WHERE l.len <= length(" R ".division)" SD_T_SET
/* a training R as it was or is: all its attendees */
#define SD_TRAINING_ATT(R, S)                                                                               \
	"INSERT INTO stats_attendance (len, division, kind, day, attendees) SELECT l.len, " STATS_DAY_AT("a") "," \
	" " R ".kind, " SD_KEY(R ".starts_at") ", " S "COUNT(*) FROM training_attendees a JOIN stats_levels l"    \
	" ON l.len <= length(a.division) WHERE a.training_id = " R ".id GROUP BY 1, 2, 3, 4" SD_A_SET
#define SD_ATTENDEE(R, S)                                                                                   \
	"INSERT INTO stats_attendance (len, division, kind, day, attendees) SELECT l.len, " STATS_DAY_AT(R) ","  \
	" t.kind, " SD_KEY("t.starts_at") ", " S "1 FROM trainings t JOIN stats_levels l ON l.len <= length(" R    \
	".division) WHERE t.id = " R ".training_id" SD_A_SET
#define SD_RECEIPT_CHANGED                                                                                  \
	"old.notice_id IS NOT new.notice_id OR old.division IS NOT new.division"                               \
	" OR (old.read_at IS NULL) IS NOT (new.read_at IS NULL) OR (old.reported_at IS NULL) IS NOT (new.reported_at IS NULL)"
/* PostgreSQL: the rows of a statement with their sign d (an update: -1 as they were, +1 as
 * they are; the unchanged ones cancel and HAVING drops them) */
#define SD_PKEY(T) STATS_DAY_KEY(T, STATS_MONTH_PG)
#define SD_PG_BOTH(COLS) "SELECT " COLS ", -1 AS d FROM ot UNION ALL SELECT " COLS ", 1 FROM nt"
#define SD_PG_RECEIPTS(ROWS)                                                                                \
	"INSERT INTO stats_notices_log (len, division, kind, day, receipts, done) SELECT l.len, " STATS_DAY_AT("x") "," \
	" " STATS_NOTICE_KIND("n") ", " SD_PKEY("n.created_at") ", SUM(x.d), SUM(x.d * (" STATS_NOTICE_DONE("n", "x") "))" \
	" FROM (" ROWS ") x JOIN notices n ON n.id = x.notice_id JOIN stats_levels l ON l.len <= length(x.division)" \
	" GROUP BY 1, 2, 3, 4 HAVING SUM(x.d) <> 0 OR SUM(x.d * (" STATS_NOTICE_DONE("n", "x") ")) <> 0;"
#define SD_RECEIPT_COLS "notice_id, division, read_at, reported_at"
#define SD_PG_NOTICES(ROWS)                                                                                 \
	"INSERT INTO stats_notices_log (len, division, kind, day, receipts, done) SELECT l.len, " STATS_DAY_AT("r") "," \
	" " STATS_NOTICE_KIND("x") ", " SD_PKEY("x.created_at") ", SUM(x.d), SUM(x.d * (" STATS_NOTICE_DONE("x", "r") "))" \
	" FROM (" ROWS ") x JOIN notice_receipts r ON r.notice_id = x.id JOIN stats_levels l ON l.len <= length(r.division)" \
	" GROUP BY 1, 2, 3, 4 HAVING SUM(x.d) <> 0 OR SUM(x.d * (" STATS_NOTICE_DONE("x", "r") ")) <> 0;"
#define SD_NOTICE_CHANGED "o.is_task IS DISTINCT FROM n.is_task OR o.created_at IS DISTINCT FROM n.created_at"
#define SD_PG_NOTICE_MOVED                                                                                  \
	"SELECT o.id, o.is_task, o.created_at, -1 AS d FROM ot o JOIN nt n ON n.id = o.id WHERE " SD_NOTICE_CHANGED \
	" UNION ALL SELECT n.id, n.is_task, n.created_at, 1 FROM ot o JOIN nt n ON n.id = o.id WHERE " SD_NOTICE_CHANGED
#define SD_PG_TRAININGS(ROWS)                                                                               \
	"INSERT INTO stats_trainings_log (len, division, kind, day, sessions, minutes) SELECT l.len, " STATS_DAY_AT("x") "," \
	" x.kind, " SD_PKEY("x.starts_at") ", SUM(x.d), SUM(x.d * COALESCE(x.minutes, 0)) FROM (" ROWS ") x"       \
	" JOIN stats_levels l ON l.len <= length(x.division) GROUP BY 1, 2, 3, 4"                                  \
	" HAVING SUM(x.d) <> 0 OR SUM(x.d * COALESCE(x.minutes, 0)) <> 0;"
#define SD_TRAINING_COLS "id, division, kind, starts_at, minutes"
#define SD_PG_TRAINING_ATT(ROWS)                                                                            \
	"INSERT INTO stats_attendance_log (len, division, kind, day, attendees) SELECT l.len, " STATS_DAY_AT("a") "," \
	" x.kind, " SD_PKEY("x.starts_at") ", SUM(x.d) FROM (" ROWS ") x JOIN training_attendees a ON a.training_id = x.id" \
	" JOIN stats_levels l ON l.len <= length(a.division) GROUP BY 1, 2, 3, 4 HAVING SUM(x.d) <> 0;"
#define SD_PG_ATTENDEES(ROWS)                                                                               \
	"INSERT INTO stats_attendance_log (len, division, kind, day, attendees) SELECT l.len, " STATS_DAY_AT("x") "," \
	" t.kind, " SD_PKEY("t.starts_at") ", SUM(x.d) FROM (" ROWS ") x JOIN trainings t ON t.id = x.training_id"   \
	" JOIN stats_levels l ON l.len <= length(x.division) GROUP BY 1, 2, 3, 4 HAVING SUM(x.d) <> 0;"
{
	.version = 47,
	.name = "stats: notices and tasks, trainings and attendance per division, kind and day, kept by triggers",
	.sql = STATS_DAYS_TABLES,
	.sqlite_sql =
	STATS_FILL_NOTICES(STATS_MONTH_SQLITE) ";"
	STATS_FILL_TRAININGS(STATS_MONTH_SQLITE) ";"
	STATS_FILL_ATTENDANCE(STATS_MONTH_SQLITE) ";"
	"CREATE TRIGGER stats_receipt_insert AFTER INSERT ON notice_receipts BEGIN " SD_RECEIPT("new", "") " END;"
	"CREATE TRIGGER stats_receipt_delete AFTER DELETE ON notice_receipts BEGIN " SD_RECEIPT("old", "-") " END;"
	"CREATE TRIGGER stats_receipt_update AFTER UPDATE ON notice_receipts WHEN " SD_RECEIPT_CHANGED
	" BEGIN " SD_RECEIPT("old", "-") SD_RECEIPT("new", "") " END;"
	/* a notice's receipts are written after it and deleted before it: its insert and delete
	 * count the receipts there are (none, unless orphaned), as the live join did */
	"CREATE TRIGGER stats_notice_insert AFTER INSERT ON notices BEGIN " SD_NOTICE("new", "") " END;"
	"CREATE TRIGGER stats_notice_delete AFTER DELETE ON notices BEGIN " SD_NOTICE("old", "-") " END;"
	"CREATE TRIGGER stats_notice_update AFTER UPDATE ON notices WHEN old.id IS NOT new.id"
	" OR old.is_task IS NOT new.is_task OR old.created_at IS NOT new.created_at"
	" BEGIN " SD_NOTICE("old", "-") SD_NOTICE("new", "") " END;"
	"CREATE TRIGGER stats_training_insert AFTER INSERT ON trainings BEGIN " SD_TRAINING("new", "")
	SD_TRAINING_ATT("new", "") " END;"
	"CREATE TRIGGER stats_training_delete AFTER DELETE ON trainings BEGIN " SD_TRAINING("old", "-")
	SD_TRAINING_ATT("old", "-") " END;"
	"CREATE TRIGGER stats_training_update AFTER UPDATE ON trainings WHEN old.division IS NOT new.division"
	" OR old.kind IS NOT new.kind OR old.starts_at IS NOT new.starts_at OR old.minutes IS NOT new.minutes"
	" BEGIN " SD_TRAINING("old", "-") SD_TRAINING("new", "") " END;"
	"CREATE TRIGGER stats_training_move AFTER UPDATE ON trainings WHEN old.id IS NOT new.id"
	" OR old.kind IS NOT new.kind OR old.starts_at IS NOT new.starts_at"
	" BEGIN " SD_TRAINING_ATT("old", "-") SD_TRAINING_ATT("new", "") " END;"
	"CREATE TRIGGER stats_attendee_insert AFTER INSERT ON training_attendees BEGIN " SD_ATTENDEE("new", "") " END;"
	"CREATE TRIGGER stats_attendee_delete AFTER DELETE ON training_attendees BEGIN " SD_ATTENDEE("old", "-") " END;"
	"CREATE TRIGGER stats_attendee_update AFTER UPDATE ON training_attendees"
	" WHEN old.training_id IS NOT new.training_id OR old.division IS NOT new.division"
	" BEGIN " SD_ATTENDEE("old", "-") SD_ATTENDEE("new", "") " END;",
	.pg_sql =
	"CREATE TABLE stats_notices_log (LIKE stats_notices);"
	"CREATE INDEX stats_notices_log_division ON stats_notices_log(len, division);"
	"CREATE TABLE stats_trainings_log (LIKE stats_trainings);"
	"CREATE INDEX stats_trainings_log_division ON stats_trainings_log(len, division);"
	"CREATE TABLE stats_attendance_log (LIKE stats_attendance);"
	"CREATE INDEX stats_attendance_log_division ON stats_attendance_log(len, division);"
	STATS_FILL_NOTICES(STATS_MONTH_PG) ";"
	STATS_FILL_TRAININGS(STATS_MONTH_PG) ";"
	STATS_FILL_ATTENDANCE(STATS_MONTH_PG) ";"
	STATS_PG_FN("stats_receipt_insert", SD_PG_RECEIPTS("SELECT " SD_RECEIPT_COLS ", 1 AS d FROM nt"))
	STATS_PG_STMT("stats_receipt_insert", "INSERT", "notice_receipts", "NEW TABLE AS nt")
	STATS_PG_FN("stats_receipt_delete", SD_PG_RECEIPTS("SELECT " SD_RECEIPT_COLS ", -1 AS d FROM ot"))
	STATS_PG_STMT("stats_receipt_delete", "DELETE", "notice_receipts", "OLD TABLE AS ot")
	STATS_PG_FN("stats_receipt_update", SD_PG_RECEIPTS(SD_PG_BOTH(SD_RECEIPT_COLS)))
	STATS_PG_STMT("stats_receipt_update", "UPDATE", "notice_receipts", "OLD TABLE AS ot NEW TABLE AS nt")
	STATS_PG_FN("stats_notice_insert", SD_PG_NOTICES("SELECT id, is_task, created_at, 1 AS d FROM nt"))
	STATS_PG_STMT("stats_notice_insert", "INSERT", "notices", "NEW TABLE AS nt")
	STATS_PG_FN("stats_notice_delete", SD_PG_NOTICES("SELECT id, is_task, created_at, -1 AS d FROM ot"))
	STATS_PG_STMT("stats_notice_delete", "DELETE", "notices", "OLD TABLE AS ot")
	STATS_PG_FN("stats_notice_update", SD_PG_NOTICES(SD_PG_NOTICE_MOVED))
	STATS_PG_STMT("stats_notice_update", "UPDATE", "notices", "OLD TABLE AS ot NEW TABLE AS nt")
	STATS_PG_FN("stats_training_insert", SD_PG_TRAININGS("SELECT " SD_TRAINING_COLS ", 1 AS d FROM nt")
		    SD_PG_TRAINING_ATT("SELECT " SD_TRAINING_COLS ", 1 AS d FROM nt"))
	STATS_PG_STMT("stats_training_insert", "INSERT", "trainings", "NEW TABLE AS nt")
	STATS_PG_FN("stats_training_delete", SD_PG_TRAININGS("SELECT " SD_TRAINING_COLS ", -1 AS d FROM ot")
		    SD_PG_TRAINING_ATT("SELECT " SD_TRAINING_COLS ", -1 AS d FROM ot"))
	STATS_PG_STMT("stats_training_delete", "DELETE", "trainings", "OLD TABLE AS ot")
	STATS_PG_FN("stats_training_update", SD_PG_TRAININGS(SD_PG_BOTH(SD_TRAINING_COLS))
		    SD_PG_TRAINING_ATT(SD_PG_BOTH(SD_TRAINING_COLS)))
	STATS_PG_STMT("stats_training_update", "UPDATE", "trainings", "OLD TABLE AS ot NEW TABLE AS nt")
	STATS_PG_FN("stats_attendee_insert", SD_PG_ATTENDEES("SELECT training_id, division, 1 AS d FROM nt"))
	STATS_PG_STMT("stats_attendee_insert", "INSERT", "training_attendees", "NEW TABLE AS nt")
	STATS_PG_FN("stats_attendee_delete", SD_PG_ATTENDEES("SELECT training_id, division, -1 AS d FROM ot"))
	STATS_PG_STMT("stats_attendee_delete", "DELETE", "training_attendees", "OLD TABLE AS ot")
	STATS_PG_FN("stats_attendee_update", SD_PG_ATTENDEES(SD_PG_BOTH("training_id, division")))
	STATS_PG_STMT("stats_attendee_update", "UPDATE", "training_attendees", "OLD TABLE AS ot NEW TABLE AS nt"),
},
/* pgvis8 (issue 15, benchmark on PostgreSQL): two PostgreSQL indexes for GET /visits/coverage of a
 * county (SQLite's plans are left as they are: nothing runs there but a no-op).
 * - visit_days by day: the days at a period's ends (all of a 30-day period) of a county were a
 *   sequential scan of visit_days (its key leads with the division, which a county does not narrow:
 *   54,000 rows read for 4,600); now two ranges of this index (59 -> 15 ms for a year).
 * - the helped households by division with their id: the households and reached of a subtree read
 *   the helped households' ids by division; households_helped has the division alone on PostgreSQL
 *   (SQLite's index entries hold the rowid, the id), so each of a county's 9,711 was a heap fetch of
 *   a wide households row (27 -> 8 ms, an index-only scan after VACUUM). */
{
	.version = 48,
	.name = "visits: visit_days by day and the helped households by division and id (PostgreSQL indexes)",
	.sql = "SELECT 1;",
	.pg_sql = "CREATE INDEX visit_days_day ON visit_days(visited_on, division);"
		  "CREATE INDEX households_helped_id ON households(division, id)"
		  " WHERE status IN ('poor', 'exited_enjoying', 'exited', 'relapsed') OR monitor_category IS NOT NULL;"
		  "ANALYZE visit_days;",
},
/* prov8 (issue 16, the province): the sampling audits' households by household, for the 回头看's
 * "sampling finding" source (recheck_fill: EXISTS a sampled household of the year with a wrong
 * finding) and a household's samplings: without it that look-up read every sampled household of
 * the database once per household of the campaign, so a campaign's cost grew with the counties
 * (samplings) already in the database. */
{
	.version = 49,
	.name = "sampling audits: the sampled households indexed by household (the 回头看's sampling findings)",
	.sql = "CREATE INDEX sampling_households_household ON sampling_households(household_id);",
},
/* mon9 (issue 16, the province under 50 ms): monitoring in a summary kept by its writes, and rows per
 * province and city (len 2, 4) in every summary.
 * - GET /stats's monitored_by_category was the one section read from the records: 60,082 cases of
 *   云南 counted on every read of the province (88 ms).  stats_monitoring counts each case +1 on its
 *   first day and -1 on its elimination day (db/stats_days.h), by day in its own division (len 0)
 *   and by month at every level above, so "open on the period's last day" is a sum of rows up to it.
 * - A province read its 129 counties' rows of every summary (stats_hh alone 69 ms): rows per city
 *   and province, kept by the same triggers through stats_levels, make it read its cities' rows
 *   (a city its counties', as before).  Each write upserts two more rows per summary.
 * The new levels' rows are filled from the divisions' own rows (len 0): a record at a city's or the
 * province's own code counts there too (a province read of the county rows left it out). */
#define SM_SET " ON CONFLICT (len, division, category, day) DO UPDATE SET cases = stats_monitoring.cases + excluded.cases;"
#define SM_SQ(R, S) STATS_MON_ROWS("stats_monitoring", "SELECT " R ".division, " R ".category, " R ".started_on, " \
				   R ".eliminated_on, " S "1 AS d") SM_SET
#define SM_PG(ROWS) STATS_MON_ROWS("stats_monitoring_log", ROWS) ";"
#define SL_PG(T) "(SELECT * FROM " T " UNION ALL SELECT * FROM " T "_log)"
#define SL_SQ(T) T
#define SL_JOIN " s JOIN stats_levels l ON l.len IN (2, 4) AND l.len <= length(s.division) WHERE s.len = 0"
/* the province's and cities' rows of every summary from its divisions' own rows (SRC: with the log) */
#define STATS_UPPER_FILL(SRC, MON)                                                                                 \
	"INSERT INTO stats_hh (len, division, status, identified_year, exited_year, main_cause, households, people)" \
	" SELECT l.len, substr(s.division, 1, l.len), s.status, s.identified_year, s.exited_year, s.main_cause,"    \
	" SUM(s.households), SUM(s.people) FROM " SRC("stats_hh") SL_JOIN " GROUP BY 1, 2, 3, 4, 5, 6;"             \
	"INSERT INTO stats_income (len, division, year, band, households, per_capita) SELECT l.len,"                 \
	" substr(s.division, 1, l.len), s.year, s.band, SUM(s.households), SUM(s.per_capita)"                       \
	" FROM " SRC("stats_income") SL_JOIN " GROUP BY 1, 2, 3, 4;"                                                 \
	"INSERT INTO stats_help (len, division, type, given_on, measures, amount) SELECT l.len,"                    \
	" substr(s.division, 1, l.len), s.type, substr(s.given_on, 1, 7), SUM(s.measures), SUM(s.amount)"          \
	" FROM " SRC("stats_help") SL_JOIN " GROUP BY 1, 2, 3, 4;"                                                   \
	"INSERT INTO stats_notices (len, division, kind, day, receipts, done) SELECT l.len,"                         \
	" substr(s.division, 1, l.len), s.kind, " MON("s.day") ", SUM(s.receipts), SUM(s.done)"                     \
	" FROM " SRC("stats_notices") SL_JOIN " GROUP BY 1, 2, 3, 4;"                                                \
	"INSERT INTO stats_trainings (len, division, kind, day, sessions, minutes) SELECT l.len,"                   \
	" substr(s.division, 1, l.len), s.kind, " MON("s.day") ", SUM(s.sessions), SUM(s.minutes)"                  \
	" FROM " SRC("stats_trainings") SL_JOIN " GROUP BY 1, 2, 3, 4;"                                              \
	"INSERT INTO stats_attendance (len, division, kind, day, attendees) SELECT l.len,"                           \
	" substr(s.division, 1, l.len), s.kind, " MON("s.day") ", SUM(s.attendees)"                                 \
	" FROM " SRC("stats_attendance") SL_JOIN " GROUP BY 1, 2, 3, 4;"
{
	.version = 50,
	.name = "stats: monitoring per division, category and day (opened +1, eliminated -1), and rows per province and"
		" city in every summary",
	.sql =
	"INSERT INTO stats_levels (len) VALUES (2), (4);"
	"CREATE TABLE stats_monitoring (len BIGINT NOT NULL, division @CODE@ NOT NULL, category TEXT NOT NULL,"
	" day TEXT NOT NULL, cases BIGINT NOT NULL, PRIMARY KEY (len, division, category, day));"
	/* a day that is not a month's last reads the divisions' day rows of its month */
	"CREATE INDEX stats_monitoring_day ON stats_monitoring(len, day, division);"
	STATS_FILL_MONITORING ";",
	.sqlite_sql =
	STATS_UPPER_FILL(SL_SQ, STATS_MONTH_SQLITE)
	"CREATE TRIGGER stats_monitoring_insert AFTER INSERT ON monitoring BEGIN " SM_SQ("new", "") " END;"
	"CREATE TRIGGER stats_monitoring_delete AFTER DELETE ON monitoring BEGIN " SM_SQ("old", "-") " END;"
	"CREATE TRIGGER stats_monitoring_update AFTER UPDATE ON monitoring WHEN old.division IS NOT new.division"
	" OR old.category IS NOT new.category OR old.started_on IS NOT new.started_on"
	" OR old.eliminated_on IS NOT new.eliminated_on BEGIN " SM_SQ("old", "-") SM_SQ("new", "") " END;",
	.pg_sql =
	STATS_UPPER_FILL(SL_PG, STATS_MONTH_PG)
	"CREATE TABLE stats_monitoring_log (LIKE stats_monitoring);"
	"CREATE INDEX stats_monitoring_log_division ON stats_monitoring_log(len, division);"
	STATS_PG_FN("stats_monitoring_insert", SM_PG("SELECT " STATS_MON_COLS ", 1 AS d FROM nt"))
	STATS_PG_STMT("stats_monitoring_insert", "INSERT", "monitoring", "NEW TABLE AS nt")
	STATS_PG_FN("stats_monitoring_delete", SM_PG("SELECT " STATS_MON_COLS ", -1 AS d FROM ot"))
	STATS_PG_STMT("stats_monitoring_delete", "DELETE", "monitoring", "OLD TABLE AS ot")
	STATS_PG_FN("stats_monitoring_update", SM_PG(SD_PG_BOTH(STATS_MON_COLS)))
	STATS_PG_STMT("stats_monitoring_update", "UPDATE", "monitoring", "OLD TABLE AS ot NEW TABLE AS nt"),
},
/* pgvis9 (issue 15, benchmark on PostgreSQL): a household's last visit (any kind) and last home
 * visit in a table of their own (not on households, whose rows are wide and churn), so that the
 * overdue households (GET /visits/overdue) and "reached" (GET /visits/coverage, the campaigns) read
 * a column per household instead of seeking its visits: on PostgreSQL a county's overdue list was
 * an index-only seek of visits_household for each of 9,711 helped households (115 ms of CPU).
 * A row for each household with visits.  Kept in the visits' writing transaction: an insert raises
 * the row (written only when it changes: PostgreSQL's upsert would write a version each time); a
 * delete or a change of household, day or kind counts the household again from visits_household,
 * the old household and then the new.  SQLite row triggers; a PostgreSQL row trigger and a
 * TRUNCATE trigger.  Named stats_..., so a bulk load (the demo) sets them aside and
 * modules/stats/bulk.c fills the table once from the visits (HLV_FILL), as here.  R: new or old;
 * HI: MAX (SQLite, NULL when either is) or GREATEST (PostgreSQL, NULLs ignored), under COALESCE. */
#define HLV_K(C) "household_last_visits." C
#define HLV_ADD(R, HI)                                                                                      \
	"INSERT INTO household_last_visits (household_id, last_on, last_home_on) VALUES (" R ".household_id,"  \
	" " R ".visited_on, CASE WHEN " R ".kind = 'home' THEN " R ".visited_on END)"                          \
	" ON CONFLICT (household_id) DO UPDATE SET last_on = " HI "(" HLV_K("last_on") ", excluded.last_on),"  \
	" last_home_on = COALESCE(" HI "(" HLV_K("last_home_on") ", excluded.last_home_on), " HLV_K("last_home_on") "," \
	" excluded.last_home_on) WHERE excluded.last_on > " HLV_K("last_on")                                   \
	" OR excluded.last_home_on > COALESCE(" HLV_K("last_home_on") ", '');"
#define HLV_REDO(R)                                                                                         \
	"DELETE FROM household_last_visits WHERE household_id = " R ".household_id;"                           \
	"INSERT INTO household_last_visits (household_id, last_on, last_home_on) SELECT v.household_id,"       \
	" MAX(v.visited_on), MAX(CASE WHEN v.kind = 'home' THEN v.visited_on END) FROM visits v"               \
	" WHERE v.household_id = " R ".household_id GROUP BY v.household_id;"
#define HLV_CHANGED(NE) \
	"old.household_id " NE " new.household_id OR old.visited_on " NE " new.visited_on OR old.kind " NE " new.kind"
#define HLV_TABLE(ID)                                                                                       \
	"CREATE TABLE household_last_visits (household_id " ID " PRIMARY KEY, last_on TEXT NOT NULL, last_home_on TEXT);" \
	HLV_FILL ";"
{
	.version = 51,
	.name = "visits: a household's last visit and last home visit kept by the visits' writes (household_last_visits)",
	.sql = "SELECT 1;",
	.sqlite_sql =
	HLV_TABLE("INTEGER")
	"CREATE TRIGGER stats_last_visit_insert AFTER INSERT ON visits WHEN new.household_id IS NOT NULL"
	" BEGIN " HLV_ADD("new", "MAX") " END;"
	"CREATE TRIGGER stats_last_visit_delete AFTER DELETE ON visits WHEN old.household_id IS NOT NULL"
	" BEGIN " HLV_REDO("old") " END;"
	"CREATE TRIGGER stats_last_visit_update AFTER UPDATE ON visits WHEN " HLV_CHANGED("IS NOT")
	" BEGIN " HLV_REDO("old") HLV_REDO("new") " END;",
	.pg_sql =
	HLV_TABLE("BIGINT")
	"CREATE FUNCTION stats_last_visit_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
	" IF TG_OP <> 'INSERT' AND OLD.household_id IS NOT NULL THEN " HLV_REDO("OLD") " END IF;"
	" IF TG_OP = 'INSERT' AND NEW.household_id IS NOT NULL THEN " HLV_ADD("NEW", "GREATEST")
	" ELSIF TG_OP = 'UPDATE' AND NEW.household_id IS NOT NULL THEN " HLV_REDO("NEW") " END IF;"
	" RETURN NULL; END $$;"
	"CREATE TRIGGER stats_last_visit_row AFTER INSERT OR DELETE ON visits FOR EACH ROW EXECUTE FUNCTION stats_last_visit_row();"
	"CREATE TRIGGER stats_last_visit_update AFTER UPDATE ON visits FOR EACH ROW WHEN (" HLV_CHANGED("IS DISTINCT FROM") ")"
	" EXECUTE FUNCTION stats_last_visit_row();"
	"CREATE FUNCTION stats_last_visit_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
	" DELETE FROM household_last_visits; RETURN NULL; END $$;"
	"CREATE TRIGGER stats_last_visit_truncate AFTER TRUNCATE ON visits FOR EACH STATEMENT"
	" EXECUTE FUNCTION stats_last_visit_truncate();",
},
/* A dashboard's reads on PostgreSQL (issue 16).  The summaries it reads are kept tidy under live
 * writes: their rows are rewritten in place (a fold of the logs, a request's figures), so pages
 * keep room for the new version on the same page (fillfactor: a HOT update, no new index entry,
 * the node's rows stay together) and autovacuum cleans them after 1 % of their rows changed
 * rather than 20 % (the province's request figures read 7,817 buffers for 192 rows through dead
 * versions' index entries).  The open requests overdue per child (modules/requests/figures.c) read the index of
 * open requests by division with the due times in it, an index-only scan: the planner has no
 * statistics of requests_open_due's expression (a partial index) and walked a province's 2,615
 * open requests through the heap (2,358 pages, 4-9 ms).  SQLite: nothing to do (it rewrites a
 * row in place, and picks its index by the query). */
#define TIDY(T) "ALTER TABLE " T " SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.01," \
		" autovacuum_analyze_scale_factor = 0.02);"
{
	.version = 52,
	.name = "PostgreSQL: the summaries' pages keep room for their updates and are vacuumed sooner; open requests by division with their due times",
	.sql = "SELECT 1;",
	.pg_sql = TIDY("stats_hh") TIDY("stats_income") TIDY("stats_help") TIDY("stats_notices") TIDY("stats_trainings")
		TIDY("stats_attendance") TIDY("stats_monitoring") TIDY("request_figures") TIDY("household_last_visits")
		"DROP INDEX requests_open_division;"
		"CREATE INDEX requests_open_division ON requests(division) INCLUDE (signed_at, sign_due, replied_at, reply_due,"
		" close_due) WHERE status NOT IN ('closed', 'merged', 'withdrawn');",
},
};

const int migrations_count = sizeof(migrations) / sizeof(migrations[0]);
