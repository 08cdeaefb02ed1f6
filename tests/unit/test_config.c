/* test_config.c - defaults, settings, the config file and the environment. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"

static void test_defaults(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	assert_string_equal(c.listen, "127.0.0.1:8080");
	assert_string_equal(c.db, "sqlite:var/lianxin.db");
	assert_string_equal(c.web_root, "web/dist");
	assert_int_equal(c.threads, 0);
	assert_int_equal(c.max_json_body, 1048576);
	assert_int_equal(c.max_upload_body, 20971520);
	assert_int_equal(c.session_idle, 1800);
	assert_int_equal(c.session_absolute, 43200);
	assert_int_equal(c.login_max_failures, 5);
	assert_int_equal(c.lockout_seconds, 900);
	assert_int_equal(c.password_min_length, 8);
	assert_int_equal(c.password_min_classes, 3);
	assert_int_equal(c.rate_limit_per_minute, 60);
	assert_string_equal(c.sqlite_synchronous, "FULL");
	assert_true(c.access_log);
	assert_false(c.cookie_secure);
	config_free(&c);
	assert_null(c.listen);
	assert_null(c.db);
}

static void test_set_int_bounds(void **state)
{
	(void)state;
	struct config c;
	char err[256];
	config_defaults(&c);
	assert_int_equal(config_set(&c, "threads", "256", err, sizeof(err)), 0);
	assert_int_equal(c.threads, 256);
	assert_int_equal(config_set(&c, "threads", "0", err, sizeof(err)), 0);
	assert_int_equal(c.threads, 0);

	err[0] = '\0';
	assert_int_equal(config_set(&c, "threads", "257", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "threads"));
	assert_non_null(strstr(err, "257"));
	assert_int_equal(c.threads, 0);   /* unchanged */
	assert_int_equal(config_set(&c, "threads", "-1", err, sizeof(err)), -1);
	assert_int_equal(config_set(&c, "threads", "", err, sizeof(err)), -1);
	assert_int_equal(config_set(&c, "threads", "4x", err, sizeof(err)), -1);
	assert_int_equal(config_set(&c, "threads", "abc", err, sizeof(err)), -1);
	assert_int_equal(config_set(&c, "threads", "99999999999999999999", err, sizeof(err)), -1);
	assert_int_equal(c.threads, 0);

	assert_int_equal(config_set(&c, "max-json-body", "1023", err, sizeof(err)), -1);
	assert_int_equal(config_set(&c, "max-json-body", "1024", err, sizeof(err)), 0);
	assert_int_equal(c.max_json_body, 1024);
	assert_int_equal(config_set(&c, "max-json-body", "1073741824", err, sizeof(err)), 0);
	assert_int_equal(c.max_json_body, 1073741824);
	assert_int_equal(config_set(&c, "max-json-body", "1073741825", err, sizeof(err)), -1);
	assert_int_equal(c.max_json_body, 1073741824);

	assert_int_equal(config_set(&c, "session-idle", "59", err, sizeof(err)), -1);
	assert_int_equal(config_set(&c, "session-idle", "60", err, sizeof(err)), 0);
	assert_int_equal(c.session_idle, 60);
	assert_int_equal(config_set(&c, "password-min-classes", "5", err, sizeof(err)), -1);
	assert_int_equal(config_set(&c, "password-min-classes", "4", err, sizeof(err)), 0);
	assert_int_equal(c.password_min_classes, 4);
	config_free(&c);
}

static void test_set_bool_string_unknown(void **state)
{
	(void)state;
	struct config c;
	char err[256];
	config_defaults(&c);
	const char *falses[] = { "0", "false", "no", "off" };
	const char *trues[] = { "1", "true", "yes", "on" };
	for (int i = 0; i < 4; i++) {
		assert_int_equal(config_set(&c, "access-log", falses[i], err, sizeof(err)), 0);
		assert_false(c.access_log);
		assert_int_equal(config_set(&c, "access-log", trues[i], err, sizeof(err)), 0);
		assert_true(c.access_log);
	}
	err[0] = '\0';
	assert_int_equal(config_set(&c, "access-log", "maybe", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "access-log"));
	assert_true(c.access_log);

	assert_int_equal(config_set(&c, "listen", "0.0.0.0:9000", err, sizeof(err)), 0);
	assert_string_equal(c.listen, "0.0.0.0:9000");
	assert_int_equal(config_set(&c, "db", "postgres://u@h/d", err, sizeof(err)), 0);
	assert_string_equal(c.db, "postgres://u@h/d");
	assert_int_equal(config_set(&c, "db", "sqlite::memory:", err, sizeof(err)), 0);
	assert_int_equal(config_set(&c, "db", "mysql://x", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "db"));
	/* restore a valid value so the next checks are about sqlite-synchronous */
	assert_int_equal(config_set(&c, "db", "sqlite::memory:", err, sizeof(err)), 0);
	assert_int_equal(config_set(&c, "sqlite-synchronous", "NORMAL", err, sizeof(err)), 0);
	assert_string_equal(c.sqlite_synchronous, "NORMAL");
	assert_int_equal(config_set(&c, "sqlite-synchronous", "OFF", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "sqlite-synchronous"));
	assert_int_equal(config_set(&c, "sqlite-synchronous", "FULL", err, sizeof(err)), 0);
	/* the warm-up's depth: its levels only, each the longest code it warms */
	assert_string_equal(c.stats_warmup, "county");
	assert_int_equal(config_warmup_depth(c.stats_warmup), 6);
	assert_int_equal(config_set(&c, "stats-warmup", "off", err, sizeof(err)), 0);
	assert_int_equal(config_warmup_depth(c.stats_warmup), 0);
	assert_int_equal(config_set(&c, "stats-warmup", "township", err, sizeof(err)), 0);
	assert_int_equal(config_warmup_depth(c.stats_warmup), 9);
	assert_int_equal(config_set(&c, "stats-warmup", "village", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "stats-warmup"));
	assert_string_equal(c.stats_warmup, "township");

	err[0] = '\0';
	assert_int_equal(config_set(&c, "no-such-setting", "1", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no-such-setting"));
	assert_int_equal(config_set(&c, "max_json_body", "2048", err, sizeof(err)), -1);   /* dashes only */

	assert_true(config_has("listen"));
	assert_true(config_has("max-json-body"));
	assert_false(config_has("max_json_body"));
	assert_false(config_has("bogus"));
	config_free(&c);
}

static char *write_temp(const char *content)
{
	static char path[64];
	snprintf(path, sizeof(path), "/tmp/lianxin-test-config-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs(content, fp);
	fclose(fp);
	return path;
}

static void test_load_file(void **state)
{
	(void)state;
	struct config c;
	char err[512];
	config_defaults(&c);
	char *path = write_temp(
		"# a comment\n"
		"\n"
		"   # an indented comment\n"
		"listen = 0.0.0.0:8443\n"
		"threads=4\n"
		"  access-log   =   off  \n"
		"session-idle = 600\n"
		"cookie-secure = on\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof(err)), 0);
	assert_string_equal(c.listen, "0.0.0.0:8443");
	assert_int_equal(c.threads, 4);
	assert_false(c.access_log);
	assert_true(c.cookie_secure);
	assert_int_equal(c.session_idle, 600);
	assert_int_equal(c.max_json_body, 1048576);   /* untouched */
	unlink(path);

	/* a bad value on line 3 */
	path = write_temp("threads = 2\n# comment\nthreads = 1000\nlisten = x:1\n");
	err[0] = '\0';
	assert_int_equal(config_load_file(&c, path, err, sizeof(err)), -1);
	char want[128];
	snprintf(want, sizeof(want), "%s:3:", path);
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("error \"%s\" does not start with \"%s\"", err, want);
	assert_non_null(strstr(err, "threads"));
	assert_int_equal(c.threads, 2);                 /* line 1 applied */
	assert_string_equal(c.listen, "0.0.0.0:8443");  /* line 4 never read */
	unlink(path);

	/* a line without '=' */
	path = write_temp("\n\nthis is not a setting\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:3:", path);
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("error \"%s\" does not start with \"%s\"", err, want);
	unlink(path);

	/* an unknown name */
	path = write_temp("colour = blue\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:1:", path);
	assert_true(strncmp(err, want, strlen(want)) == 0);
	assert_non_null(strstr(err, "colour"));
	unlink(path);

	/* a missing file */
	assert_int_equal(config_load_file(&c, "/nonexistent/lianxin.conf", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/lianxin.conf"));
	config_free(&c);
}

static void test_env(void **state)
{
	(void)state;
	struct config c;
	char err[256];
	config_defaults(&c);
	setenv("LIANXIN_LISTEN", "[::1]:7000", 1);
	setenv("LIANXIN_MAX_JSON_BODY", "4096", 1);
	setenv("LIANXIN_ACCESS_LOG", "no", 1);
	assert_int_equal(config_load_env(&c, err, sizeof(err)), 0);
	assert_string_equal(c.listen, "[::1]:7000");
	assert_int_equal(c.max_json_body, 4096);
	assert_false(c.access_log);
	assert_int_equal(c.threads, 0);

	setenv("LIANXIN_MAX_JSON_BODY", "12", 1);
	err[0] = '\0';
	assert_int_equal(config_load_env(&c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "max-json-body"));
	assert_int_equal(c.max_json_body, 4096);
	unsetenv("LIANXIN_LISTEN");
	unsetenv("LIANXIN_MAX_JSON_BODY");
	unsetenv("LIANXIN_ACCESS_LOG");

	/* the environment overrides the file */
	char *path = write_temp("max-json-body = 2048\nlisten = 1.2.3.4:1\n");
	assert_int_equal(config_load_file(&c, path, err, sizeof(err)), 0);
	setenv("LIANXIN_MAX_JSON_BODY", "8192", 1);
	assert_int_equal(config_load_env(&c, err, sizeof(err)), 0);
	assert_int_equal(c.max_json_body, 8192);
	assert_string_equal(c.listen, "1.2.3.4:1");
	unsetenv("LIANXIN_MAX_JSON_BODY");
	unlink(path);
	config_free(&c);
}

static void test_help(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	config_print_help(fp);
	fclose(fp);
	assert_non_null(strstr(buf, "--listen VALUE"));
	assert_non_null(strstr(buf, "--max-json-body N"));
	assert_non_null(strstr(buf, "--access-log BOOL"));
	assert_non_null(strstr(buf, "(default 1048576)"));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_set_int_bounds),
		cmocka_unit_test(test_set_bool_string_unknown),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_help),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
