/*
 * backup.c - the restore drill: `lianxin backup` copies the SQLite database
 * while the server goes on writing; every write acknowledged before the
 * backup began is in the copy; `lianxin restore` brings the copy into a new
 * database, on which a server starts, logs in and lists what was written.
 * On PostgreSQL the commands say to use pg_dump (tested too).  And the
 * crash test, on both databases: the server killed (-9) three times under
 * writes loses none that it acknowledged.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define PW "Drill-Pass-2026"
#define BEFORE 40   /* accounts acknowledged before the backup */

static struct server srv;
static const char *binary;
static char db_url[1024], tmpdir[512];
static struct session admin;
static bool sqlite_db;

/* A new account named name; true when the server acknowledged it (201). */
static bool add_account(const struct session *s, const char *name)
{
	struct resp r;
	req(s, "POST", "/api/v1/users",
	    fmt("{\"username\":\"%s\",\"role\":\"viewer\",\"scopes\":[\"469030\"],\"password\":\"Viewer-Pass-2026\"}", name), &r);
	bool ok = r.status == 201;
	resp_free(&r);
	return ok;
}

static bool user_listed(json_t *list, const char *name)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(list, "items"), i, it)
		if (!strcmp(jstr(it, "username"), name))
			return true;
	return false;
}

static void test_pg_says_pg_dump(void)
{
	if (sqlite_db)
		return;
	char err[2048];
	const char *args[] = { "backup", "--to", fmt("%s/copy.db", tmpdir), NULL };
	EXPECT(cli_run(binary, db_url, NULL, args, err, sizeof(err)) == 1 && strstr(err, "pg_dump"),
	       "on PostgreSQL the backup points to pg_dump: %s", err);
}

static void test_backup_under_writes_and_restore(void)
{
	if (!sqlite_db) {
		printf("skip the SQLite drill on PostgreSQL\n");
		return;
	}
	for (int i = 0; i < BEFORE; i++)
		EXPECT(add_account(&admin, fmt("before%02d", i)), "account before%02d acknowledged", i);

	/* a writer goes on while the backup runs */
	pid_t writer = fork();
	if (writer == 0) {
		for (int i = 0; i < 100000; i++)
			add_account(&admin, fmt("during%05d", i));
		_exit(0);
	}
	usleep(200 * 1000);
	char err[2048];
	const char *copy = fmt("%s/copy.db", tmpdir);
	const char *backup[] = { "backup", "--to", copy, NULL };
	int rc = cli_run(binary, db_url, NULL, backup, err, sizeof(err));
	kill(writer, SIGKILL);
	waitpid(writer, NULL, 0);
	EXPECT(rc == 0, "the backup under writes exits 0: %s", err);
	struct stat st;
	EXPECT(stat(copy, &st) == 0 && (st.st_mode & 077) == 0, "the copy is readable by its owner only (%o)",
	       (unsigned)st.st_mode);
	EXPECT(stat(fmt("%s.partial", copy), &st) != 0, "no partial file is left");

	/* the drill: restore into a new database and serve it */
	const char *restored = fmt("sqlite:%s/restored.db", tmpdir);
	const char *restore[] = { "restore", "--from", copy, NULL };
	EXPECT(cli_run(binary, restored, NULL, restore, err, sizeof(err)) == 0, "restore exits 0: %s", err);
	const char *missing[] = { "restore", "--from", fmt("%s/none.db", tmpdir), NULL };
	EXPECT(cli_run(binary, restored, NULL, missing, err, sizeof(err)) == 1 && strstr(err, "cannot read"),
	       "a missing copy is refused: %s", err);
	struct server again;
	if (server_start(&again, binary, restored, NULL)) {
		EXPECT(false, "a server starts on the restored database");
		return;
	}
	struct session s;
	EXPECT(login(&again, "drilladmin", PW, &s) == 200, "the administrator logs in to the restored database");
	json_t *list = get_json_as(&again, &s, "/api/v1/users?page_size=200&q=before", 200);
	int found = 0;
	for (int i = 0; i < BEFORE; i++)
		found += user_listed(list, fmt("before%02d", i));
	EXPECT(found == BEFORE, "every acknowledged write before the backup is restored: %d of %d", found, BEFORE);
	json_decref(list);
	struct resp r;
	struct req_opts o = as(&s);
	http(&again, "POST", "/api/v1/users",
	     "{\"username\":\"afterrestore\",\"role\":\"viewer\",\"scopes\":[\"469030\"],\"password\":\"Viewer-Pass-2026\"}", &o,
	     &r);
	EXPECT(r.status == 201, "the restored database takes writes: %ld %s", r.status, r.body);
	resp_free(&r);
	EXPECT(server_stop(&again) == 0, "the server on the restored database stops cleanly");
}

/* kill -9 under writes, three times: after each restart every acknowledged write is there. */
static void test_crash_under_writes(void)
{
	for (int round = 0; round < 3; round++) {
		const char *acked = fmt("%s/acked-%d", tmpdir, round);
		pid_t writer = fork();
		if (writer == 0) {
			FILE *f = fopen(acked, "w");
			for (int i = 0; f && i < 5000; i++) {
				const char *name = fmt("crash%d_%04d", round, i);
				if (!add_account(&admin, name))
					break;   /* the server is gone */
				fprintf(f, "%s\n", name);
				fflush(f);
			}
			_exit(0);
		}
		usleep(400 * 1000);
		kill(srv.pid, SIGKILL);
		waitpid(srv.pid, NULL, 0);
		srv.pid = 0;
		waitpid(writer, NULL, 0);
		int n = 0;
		char last[64] = "", line[64];
		FILE *f = fopen(acked, "r");
		while (f && fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(last, sizeof(last), "%s", line);
			n++;
		}
		if (f)
			fclose(f);
		EXPECT(n > 0, "round %d: writes were acknowledged before the kill", round);
		if (server_start(&srv, binary, db_url, NULL) || login(&srv, "drilladmin", PW, &admin) != 200) {
			EXPECT(false, "round %d: the server starts again after kill -9", round);
			return;
		}
		json_t *l = get_json(&admin, fmt("/api/v1/users?q=crash%d_&page_size=1", round), 200);
		EXPECT(jint(l, "total") >= n, "round %d: %lld accounts stored, %d acknowledged", round, (long long)jint(l, "total"), n);
		json_decref(l);
		if (n) {
			l = get_json(&admin, fmt("/api/v1/users?q=%s", last), 200);
			EXPECT(user_listed(l, last), "round %d: the last acknowledged write (%s) survived", round, last);
			json_decref(l);
		}
	}
}

static int setup(void)
{
	sqlite_db = strncmp(db_url, "sqlite:", 7) == 0;
	char err[2048];
	const char *args[] = { "user", "add", "--username", "drilladmin", "--role", "admin", "--division", "all",
			       "--password-stdin", NULL };
	if (cli_run(binary, db_url, PW "\n", args, err, sizeof(err))) {
		fprintf(stderr, "api_backup: user add: %s\n", err);
		return -1;
	}
	if (server_start(&srv, binary, db_url, NULL) || login(&srv, "drilladmin", PW, &admin) != 200) {
		fprintf(stderr, "api_backup: the server did not start or the administrator cannot log in\n");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct api_test tests[] = {
		{ "backup under writes, restore drill", test_backup_under_writes_and_restore },
		{ "kill -9 under writes: nothing acknowledged lost", test_crash_under_writes },
		{ "PostgreSQL: pg_dump", test_pg_says_pg_dump },
	};
	const struct api_program p = { "api_backup", &binary, db_url, sizeof(db_url), tmpdir, sizeof(tmpdir), &srv, setup,
				       NULL, tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
