/*
 * config.h - the server's settings, described once in a table.
 *
 * Each setting has a name ("listen"), a type, bounds and a default.  Values
 * are layered: defaults < config file (key = value lines) < environment
 * (LIANXIN_LISTEN) < command-line flags (--listen).  The same table prints
 * the help text and the effective configuration (secrets redacted).
 */
#ifndef LIANXIN_CORE_CONFIG_H
#define LIANXIN_CORE_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct config {
	char *listen;              /* host:port */
	char *db;                  /* sqlite:PATH or postgres://... */
	char *web_root;            /* built UI, served for non-/api/ paths */
	int64_t threads;           /* 0: one per core */
	int64_t max_json_body;     /* bytes */
	int64_t max_upload_body;   /* bytes */
	int64_t max_header;        /* bytes of request headers per connection */
	int64_t conn_timeout;
	int64_t header_timeout;     /* seconds to receive a request's headers */
	int64_t min_body_rate;      /* seconds of inactivity */
	int64_t max_connections;
	int64_t per_ip_connections;
	char *trusted_proxy;       /* reverse proxies whose X-Forwarded-For is believed; "": none */
	int64_t session_idle;      /* seconds */
	int64_t session_absolute;  /* seconds */
	int64_t login_max_failures;
	int64_t lockout_seconds;
	int64_t password_min_length;
	int64_t password_min_classes;
	int64_t password_max_age_days;   /* 0: passwords do not expire */
	int64_t password_history;        /* a new password differs from this many before it; 0: off */
	int64_t audit_retention_days;    /* audit rows older than this are deleted (at least 180) */
	int64_t rate_limit_per_minute; /* unauthenticated POSTs per address */
	int64_t request_sweep_seconds; /* between escalation sweeps of overdue requests */
	char *stats_warmup;        /* the dashboards' warm-up down to: off, province, city, county or township */
	char *sqlite_synchronous;  /* FULL or NORMAL */
	bool access_log;
	bool debug_log;
	bool cookie_secure;        /* the session cookie only over HTTPS */
	char *key_file;            /* the field encryption key (core/fieldcrypt.h); "": the default */
	char *field_cipher;        /* xchacha20poly1305 or sm4 */
	char *admin_password_file; /* where the first administrator's password goes off a terminal; "": the default */
	char *photo_dir;           /* visit photos, files named by their SHA-256; "": beside the SQLite database */
};

/* stats-warmup's level as the longest division code it warms (off: 0); -1 when it is none of them. */
int config_warmup_depth(const char *level);
/* Fill cfg with the defaults. */
void config_defaults(struct config *cfg);
/* Apply one "name=value" setting; returns 0, or -1 with a message in err. */
int config_set(struct config *cfg, const char *name, const char *value,
	       char *err, size_t errlen);
/* Apply a config file; -1 with "file:line: ..." in err on the first bad line. */
int config_load_file(struct config *cfg, const char *path, char *err, size_t errlen);
/* Apply every LIANXIN_<NAME> environment variable that names a setting. */
int config_load_env(struct config *cfg, char *err, size_t errlen);
/* True when name (without dashes) is a setting, for flag parsing. */
bool config_has(const char *name);
/* Print "  --name VALUE   description (default)" lines for --help. */
void config_print_help(FILE *out);
void config_free(struct config *cfg);

#endif
