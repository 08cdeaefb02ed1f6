/* config.c - the settings table and its three sources. */
#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

enum config_type { CFG_STRING, CFG_INT, CFG_BOOL };

struct config_row {
	const char *name;
	enum config_type type;
	size_t offset;
	const char *def;
	int64_t min, max;
	const char *help;
};

#define ROW(n, t, field, d, lo, hi, h) \
	{ n, t, offsetof(struct config, field), d, lo, hi, h }

static const struct config_row config_table[] = {
	ROW("listen", CFG_STRING, listen, "127.0.0.1:8080", 0, 0, "address and port to serve on"),
	ROW("db", CFG_STRING, db, "sqlite:var/lianxin.db", 0, 0, "storage: sqlite:PATH or postgres://..."),
	ROW("web-root", CFG_STRING, web_root, "web/dist", 0, 0, "directory of the built web UI"),
	ROW("threads", CFG_INT, threads, "0", 0, 256, "worker threads (0: one per core)"),
	ROW("max-json-body", CFG_INT, max_json_body, "1048576", 1024, 1 << 30, "largest JSON request body in bytes"),
	ROW("max-upload-body", CFG_INT, max_upload_body, "20971520", 1024, 1 << 30, "largest upload in bytes"),
	ROW("max-header", CFG_INT, max_header, "32768", 4096, 1 << 24, "request header bytes per connection"),
	ROW("conn-timeout", CFG_INT, conn_timeout, "30", 1, 3600, "seconds before an idle connection closes"),
	ROW("header-timeout", CFG_INT, header_timeout, "20", 0, 3600, "seconds a connection may take to send a request's headers, an idle keep-alive one included (0: no limit)"),
	ROW("min-body-rate", CFG_INT, min_body_rate, "1024", 0, 1 << 30, "bytes a second a request body must average after its first 5 s (0: no limit)"),
	ROW("max-connections", CFG_INT, max_connections, "1024", 1, 65536, "simultaneous connections"),
	ROW("trusted-proxy", CFG_STRING, trusted_proxy, "", 0, 0,
	    "addresses of reverse proxies (comma-separated) whose X-Forwarded-For names the client; empty: none,"
	    " the connection's address is the client's (deploy/nginx/lianxin.conf)"),
	ROW("per-ip-connections", CFG_INT, per_ip_connections, "256", 1, 65536, "simultaneous connections per client address"),
	ROW("session-idle", CFG_INT, session_idle, "1800", 60, 86400 * 30, "seconds of inactivity that end a session"),
	ROW("session-absolute", CFG_INT, session_absolute, "43200", 60, 86400 * 365, "seconds after login that end a session"),
	ROW("login-max-failures", CFG_INT, login_max_failures, "5", 1, 100, "failed logins before the account locks"),
	ROW("lockout-seconds", CFG_INT, lockout_seconds, "900", 1, 86400 * 30, "how long a locked account stays locked"),
	ROW("password-min-length", CFG_INT, password_min_length, "8", 6, 128, "shortest allowed password (characters)"),
	ROW("password-min-classes", CFG_INT, password_min_classes, "3", 1, 4, "character classes a password needs (lower, upper, digit, symbol)"),
	ROW("password-max-age-days", CFG_INT, password_max_age_days, "0", 0, 3650, "days after which a password must be changed at the next login (0: never)"),
	ROW("password-history", CFG_INT, password_history, "0", 0, 24, "a new password may not be one of the user's last N (0: off)"),
	ROW("audit-retention-days", CFG_INT, audit_retention_days, "365", 180, 36500, "days audit rows are kept; older ones are deleted daily (at least 180)"),
	ROW("rate-limit-per-minute", CFG_INT, rate_limit_per_minute, "60", 1, 1000000, "logins and public submissions per client address per minute"),
	ROW("request-sweep-seconds", CFG_INT, request_sweep_seconds, "60", 1, 86400, "seconds between the server's sweeps that escalate overdue requests (督办)"),
	ROW("stats-warmup", CFG_STRING, stats_warmup, "county", 0, 0,
	    "fill the dashboards' memo (GET /stats of this year) after the start and when a new day begins, for the"
	    " roots and every node down to: off, province, city, county or township"),
	ROW("sqlite-synchronous", CFG_STRING, sqlite_synchronous, "FULL", 0, 0, "SQLite synchronous mode: FULL or NORMAL"),
	ROW("access-log", CFG_BOOL, access_log, "1", 0, 1, "write an access log line per request"),
	ROW("debug-log", CFG_BOOL, debug_log, "0", 0, 1, "also write debug lines (e.g. each dashboard's time per section)"),
	ROW("cookie-secure", CFG_BOOL, cookie_secure, "0", 0, 1, "mark the session cookie Secure (behind HTTPS)"),
	ROW("key-file", CFG_STRING, key_file, "", 0, 0,
	    "file (owner-only, created on first start) of the key that encrypts ID numbers, phones and bank accounts;"
	    " empty: beside the SQLite database (its path + .key), or ./lianxin.key for PostgreSQL"),
	ROW("field-cipher", CFG_STRING, field_cipher, "xchacha20poly1305", 0, 0,
	    "cipher of newly stored personal data: xchacha20poly1305, or sm4 (SM4 + HMAC-SM3, for 密评)"),
	ROW("admin-password-file", CFG_STRING, admin_password_file, "", 0, 0,
	    "file (owner-only) for the first administrator's password when standard output is not a terminal;"
	    " empty: beside the SQLite database, or ./lianxin-admin-password"),
	ROW("photo-dir", CFG_STRING, photo_dir, "", 0, 0,
	    "directory of visit photos (files named by their SHA-256); empty: beside the SQLite database (its path + .photos),"
	    " or ./lianxin-photos for PostgreSQL"),
};

#define CONFIG_ROWS (sizeof(config_table) / sizeof(config_table[0]))

static const struct config_row *find_row(const char *name)
{
	for (size_t i = 0; i < CONFIG_ROWS; i++)
		if (strcmp(config_table[i].name, name) == 0)
			return &config_table[i];
	return NULL;
}

bool config_has(const char *name)
{
	return find_row(name) != NULL;
}

static int apply(struct config *cfg, const struct config_row *row, const char *value,
		 char *err, size_t errlen)
{
	char *base = (char *)cfg + row->offset;
	switch (row->type) {
	case CFG_STRING: {
		char **field = (char **)(void *)base;
		free(*field);
		*field = xstrdup(value);
		return 0;
	}
	case CFG_INT: {
		char *end;
		errno = 0;
		long long v = strtoll(value, &end, 10);
		if (errno || end == value || *end != '\0' || v < row->min || v > row->max) {
			snprintf(err, errlen, "%s: expected an integer from %lld to %lld, got \"%s\"",
				 row->name, (long long)row->min, (long long)row->max, value);
			return -1;
		}
		*(int64_t *)(void *)base = v;
		return 0;
	}
	case CFG_BOOL: {
		bool *field = (bool *)(void *)base;
		if (!strcmp(value, "1") || !strcmp(value, "true") || !strcmp(value, "yes") || !strcmp(value, "on"))
			*field = true;
		else if (!strcmp(value, "0") || !strcmp(value, "false") || !strcmp(value, "no") || !strcmp(value, "off"))
			*field = false;
		else {
			snprintf(err, errlen, "%s: expected true or false, got \"%s\"", row->name, value);
			return -1;
		}
		return 0;
	}
	}
	return -1;
}

int config_warmup_depth(const char *level)
{
	static const struct { const char *name; int len; } levels[] = {
		{ "off", 0 }, { "province", 2 }, { "city", 4 }, { "county", 6 }, { "township", 9 },
	};
	for (size_t i = 0; level && i < sizeof(levels) / sizeof(levels[0]); i++)
		if (!strcmp(level, levels[i].name))
			return levels[i].len;
	return -1;
}

static int check(const struct config *cfg, char *err, size_t errlen)
{
	if (strcmp(cfg->sqlite_synchronous, "FULL") && strcmp(cfg->sqlite_synchronous, "NORMAL")) {
		snprintf(err, errlen, "sqlite-synchronous: expected FULL or NORMAL, got \"%s\"",
			 cfg->sqlite_synchronous);
		return -1;
	}
	if (config_warmup_depth(cfg->stats_warmup) < 0) {
		snprintf(err, errlen, "stats-warmup: expected off, province, city, county or township, got \"%s\"",
			 cfg->stats_warmup);
		return -1;
	}
	if (strcmp(cfg->field_cipher, "xchacha20poly1305") && strcmp(cfg->field_cipher, "sm4")) {
		snprintf(err, errlen, "field-cipher: expected xchacha20poly1305 or sm4, got \"%s\"", cfg->field_cipher);
		return -1;
	}
	if (strncmp(cfg->db, "sqlite:", 7) && strncmp(cfg->db, "postgres://", 11) &&
	    strncmp(cfg->db, "postgresql://", 13)) {
		snprintf(err, errlen, "db: expected sqlite:PATH or postgres://..., got \"%s\"", cfg->db);
		return -1;
	}
	return 0;
}

void config_defaults(struct config *cfg)
{
	char err[256];
	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < CONFIG_ROWS; i++)
		apply(cfg, &config_table[i], config_table[i].def, err, sizeof(err));
}

int config_set(struct config *cfg, const char *name, const char *value, char *err, size_t errlen)
{
	const struct config_row *row = find_row(name);
	if (row == NULL) {
		snprintf(err, errlen, "unknown setting \"%s\"", name);
		return -1;
	}
	/* validate on a copy so that a refused value leaves cfg as it was */
	struct config trial = *cfg;
	char *base = (char *)&trial + row->offset;
	if (row->type == CFG_STRING)
		*(char **)(void *)base = NULL;
	if (apply(&trial, row, value, err, errlen) || check(&trial, err, errlen)) {
		if (row->type == CFG_STRING)
			free(*(char **)(void *)base);
		return -1;
	}
	if (row->type == CFG_STRING)
		free(*(char **)(void *)((char *)cfg + row->offset));
	*cfg = trial;
	return 0;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int config_load_file(struct config *cfg, const char *path, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "r");
	if (fp == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char line[4096], msg[512];
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof(line), fp)) {
		lineno++;
		char *s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (eq == NULL) {
			snprintf(err, errlen, "%s:%d: expected name = value", path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		if (config_set(cfg, trim(s), trim(eq + 1), msg, sizeof(msg))) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
			rc = -1;
			break;
		}
	}
	fclose(fp);
	return rc;
}

int config_load_env(struct config *cfg, char *err, size_t errlen)
{
	for (size_t i = 0; i < CONFIG_ROWS; i++) {
		char var[64] = "LIANXIN_";
		size_t n = strlen(var);
		for (const char *p = config_table[i].name; *p && n < sizeof(var) - 1; p++)
			var[n++] = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
		var[n] = '\0';
		const char *v = getenv(var);
		if (v && config_set(cfg, config_table[i].name, v, err, errlen))
			return -1;
	}
	return 0;
}

void config_print_help(FILE *out)
{
	for (size_t i = 0; i < CONFIG_ROWS; i++) {
		const struct config_row *r = &config_table[i];
		char flag[64];
		snprintf(flag, sizeof(flag), "--%s %s", r->name,
			 r->type == CFG_INT ? "N" : r->type == CFG_BOOL ? "BOOL" : "VALUE");
		fprintf(out, "  %-32s %s (default %s)\n", flag, r->help, r->def);
	}
}

void config_free(struct config *cfg)
{
	for (size_t i = 0; i < CONFIG_ROWS; i++)
		if (config_table[i].type == CFG_STRING) {
			char **field = (char **)(void *)((char *)cfg + config_table[i].offset);
			free(*field);
			*field = NULL;
		}
}
