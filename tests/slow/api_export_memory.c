/*
 * api_export_memory.c - an export streams 1,000,000 rows without growing the
 * server's memory (issue 16; slow: make slow, once in make check, on SQLite
 * and PostgreSQL).
 *
 * The set-up registers one household of 琼中 (469030) and a member through the
 * API (the server seals her ID number, phone and health), then, with the
 * server stopped, copies them through db/ into 250,000 households of 4
 * members (1,000,000 members; set-based INSERT ... SELECT over a recursive
 * sequence, the summaries' triggers set aside as the demo does).  Each copy
 * keeps the seed's sealed values (their associated data is the column, not
 * the row), with id_number_dup set as a repeated ID number is marked.  The
 * seed's village holds 1,000 of the copies: the small export.
 *
 * Three exports: the generic one of any list (GET /members?format=csv) and
 * the registry's in the import layout (GET /exports/members, CSV and XLSX).
 * Each runs in a fresh server: a small export (that village) warms the same
 * code path, then the whole county's is read as it streams (its rows
 * counted, its bytes dropped).  The rows must be the database's count, and
 * the server's peak resident memory (VmHWM) after the whole export may exceed
 * its value after the small one by EXPORT_GROWTH_MAX at most.
 *
 * usage: slow_api_export_memory --server build/lianxin --db sqlite|postgres
 * Runs from the repository root (data/divisions).
 */
#include <curl/curl.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include "db/batch.h"
#include "db/db.h"
#include "modules/stats/stats.h"

#include "../api/harness.h"

static const char *binary;
static char db_url[1024];
static struct server srv;
static struct session county;

#define PW "Export-Memory-2026"
#define COUNTY "469030"
#define COUNTY_END "469031"
#define VILL_SEED "469030100206"   /* 朝参村: the seed household and the small export's copies */
#define HOUSEHOLDS 250000
#define PER_HOUSEHOLD 4
#define SMALL_HOUSEHOLDS 250       /* the first copies, in the seed's village: 1,000 members */
#define CHUNK 25000                /* households per INSERT (100,000 members): SQLite's FTS5 keeps a
				    * statement's terms in memory until the statement ends */

/*
 * The bound on the growth of the server's peak memory over the whole export.
 * The file of these 1,000,000 rows is 270-280 MB as CSV and 87 MB as XLSX,
 * and the rows as the list's JSON records several times that: an export that
 * holds its rows (or its file) in memory grows by 100 MB or more; the sort of
 * every key in memory grew it by 43 MiB.  A leak of one allocation a row costs
 * at least 32 bytes (glibc's smallest chunk), 30.5 MiB over 1,000,000 rows.
 * A streaming export grows only by what its first long run touches once (a
 * page of 1,000 records, the connection's SQLite page cache of 2 MiB, the XLSX
 * writer's queue and buffer): 0 to 3.3 MiB measured (docs/performance.md, "An
 * export streams 1,000,000 rows").  16 MiB is half the smallest leak.
 */
#define EXPORT_GROWTH_MAX (16 * 1024 * 1024)

/* ---- the data: a seed household through the API, its copies through db/ ------------------------- */

static int64_t seed_household, seed_member;

/* 琼中's divisions and the county user, before the first start. */
static int divisions_and_account(void)
{
	glob_t g;
	if (glob("data/divisions/" COUNTY "/*.csv", 0, NULL, &g) != 0 || g.gl_pathc == 0) {
		fprintf(stderr, "no data/divisions/" COUNTY "/*.csv (run from the repository root)\n");
		return -1;
	}
	const char *args[16] = { "import", "divisions" };
	int n = 2;
	for (size_t i = 0; i < g.gl_pathc && n < 15; i++)
		args[n++] = g.gl_pathv[i];
	args[n] = NULL;
	char err[1024];
	int rc = cli_run(binary, db_url, NULL, args, err, sizeof(err));
	globfree(&g);
	if (rc) {
		fprintf(stderr, "import divisions: exit %d: %s\n", rc, err);
		return -1;
	}
	const struct test_account a[] = { { "county", "county", COUNTY, &county } };
	return accounts_add(binary, db_url, a, 1, PW);
}

/* The seed household and its member with every sealed column (ID number, phone, health). */
static int seed_through_api(void)
{
	seed_household = create(&county, "/api/v1/households",
				"{\"head_name\":\"王大山\",\"division\":\"" VILL_SEED "\",\"address\":\"朝参村一队\","
				"\"phone\":\"13812345678\",\"status\":\"poor\",\"attribute\":\"general\",\"identified_year\":2014,"
				"\"main_cause\":\"illness\",\"bank_name\":\"农业银行\",\"bank_account\":\"6228480012345678\"}");
	if (seed_household == 0)
		return -1;
	/* 469030 19820708 022 and GB 11643's check character */
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	char id[19] = "46903019820708022";
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (id[i] - '0') * w[i];
	id[17] = "10X98765432"[sum % 11];
	seed_member = create(&county, fmt("/api/v1/households/%lld/members", (long long)seed_household),
			     fmt("{\"relation\":\"spouse\",\"name\":\"张秀英\",\"id_number\":\"%s\",\"phone\":\"13912345678\","
				 "\"ethnicity\":\"01\",\"health\":\"serious\",\"months_worked\":6,\"insured_medical\":true}",
				 id));
	return seed_member ? 0 : -1;
}

/* Every column of table as "c1, c2, ..." in cols and, for a copy of the row s, each one's value
 * in vals: the expression the NULL-ended pairs over give ("column", "expression"), else s.column. */
static int copy_columns(struct db *db, const char *table, const char *const *over, char *cols, char *vals, size_t len)
{
	struct db_stmt *q = db_query(db, fmt("SELECT * FROM %s WHERE 1 = 0", table), NULL);
	if (q == NULL)
		return -1;
	db_step(q);
	size_t nc = 0, nv = 0;
	for (int i = 0; i < db_column_count(q) && nc < len && nv < len; i++) {
		const char *c = db_column_name(q, i), *v = NULL;
		for (int k = 0; over[k]; k += 2)
			if (!strcmp(over[k], c))
				v = over[k + 1];
		nc += (size_t)snprintf(cols + nc, len - nc, "%s%s", i ? ", " : "", c);
		nv += (size_t)snprintf(vals + nv, len - nv, "%s%s%s", i ? ", " : "", v ? "" : "s.", v ? v : c);
	}
	db_finalize(q);
	return nc < len && nv < len ? 0 : -1;
}

/* A recursive sequence seq(n) of lo .. hi, for a WITH clause. */
static const char *seq(int64_t lo, int64_t hi)
{
	return fmt("seq (n) AS (SELECT CAST(%lld AS BIGINT) UNION ALL SELECT n + 1 FROM seq WHERE n < %lld)", (long long)lo,
		   (long long)hi);
}

/* One statement made by printf (longer than fmt's buffers hold), its error told. */
static int run(struct db *db, const char *what, const char *f, ...) __attribute__((format(printf, 3, 4)));
static int run(struct db *db, const char *what, const char *f, ...)
{
	static char sql[32768];
	va_list ap;
	va_start(ap, f);
	int n = vsnprintf(sql, sizeof(sql), f, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(sql)) {
		fprintf(stderr, "%s: the statement is longer than %zu bytes\n", what, sizeof(sql));
		return DB_ERROR;
	}
	int rc = db_exec(db, sql, NULL);
	if (rc != DB_OK)
		fprintf(stderr, "%s: %s\n", what, db_errmsg(db));
	return rc;
}

/*
 * The copies: household hbase + n (n = 1 .. HOUSEHOLDS), the first SMALL_HOUSEHOLDS in the
 * seed's village and the others over the county's other villages, a village's households one
 * run of ids as a registration village by village makes them; member mbase + m
 * (m = 1 .. HOUSEHOLDS * PER_HOUSEHOLD) in household hbase + (m - 1) / PER_HOUSEHOLD + 1, the
 * first of each its head.
 */
static int copy_rows(struct db *db, int64_t hbase, int64_t mbase)
{
	static char hcols[4096], hvals[4096], mcols[4096], mvals[4096];
	const char *villages = "v (code, k) AS (SELECT code, ROW_NUMBER() OVER (ORDER BY code) - 1 FROM divisions"
			       " WHERE level = 'village' AND code >= '" COUNTY "' AND code < '" COUNTY_END "'"
			       " AND code <> '" VILL_SEED "')";
	int64_t nv = 0;
	if (db_query_int(db, &nv, fmt("WITH %s SELECT COUNT(*) FROM v", villages), NULL) != DB_ROW || nv < 2) {
		fprintf(stderr, "the county's villages: %s\n", db_errmsg(db));
		return -1;
	}
	char hid[64], hdiv[128], mid[64], mhh[64], rel[128];
	snprintf(hid, sizeof(hid), "%lld + seq.n", (long long)hbase);
	snprintf(hdiv, sizeof(hdiv), "CASE WHEN seq.n <= %d THEN s.division ELSE v.code END", SMALL_HOUSEHOLDS);
	snprintf(mid, sizeof(mid), "%lld + seq.n", (long long)mbase);
	snprintf(mhh, sizeof(mhh), "%lld + (seq.n - 1) / %d + 1", (long long)hbase, PER_HOUSEHOLD);
	snprintf(rel, sizeof(rel), "CASE WHEN seq.n %% %d = 1 THEN 'head' ELSE s.relation END", PER_HOUSEHOLD);
	const char *hover[] = { "id", hid, "household_no", "'EXPMEM-' || seq.n", "head_name", "'户主' || seq.n",
				"division", hdiv, NULL };
	const char *mover[] = { "id", mid, "household_id", "h.id", "division", "h.division", "name", "'成员' || seq.n",
				"relation", rel, "id_number_dup", mid, NULL };
	if (copy_columns(db, "households", hover, hcols, hvals, sizeof(hcols)) ||
	    copy_columns(db, "members", mover, mcols, mvals, sizeof(mcols)))
		return -1;
	for (int64_t lo = 1; lo <= HOUSEHOLDS; lo += CHUNK) {
		int64_t hi = lo + CHUNK - 1;
		if (run(db, "households",
			"WITH RECURSIVE %s, %s INSERT INTO households (%s) SELECT %s FROM seq"
			" JOIN v ON v.k = (seq.n - 1) * %lld / %d JOIN households s ON s.id = %lld",
			seq(lo, hi), villages, hcols, hvals, (long long)nv, HOUSEHOLDS, (long long)seed_household) ||
		    run(db, "members",
			"WITH RECURSIVE %s INSERT INTO members (%s) SELECT %s FROM seq"
			" JOIN households h ON h.id = %s JOIN members s ON s.id = %lld",
			seq((lo - 1) * PER_HOUSEHOLD + 1, hi * PER_HOUSEHOLD), mcols, mvals, mhh, (long long)seed_member))
			return -1;
	}
	return 0;
}

/* The copies in one transaction, the summaries rebuilt at its end. */
static int copy_seed(void)
{
	char err[256];
	struct db *db = NULL;
	if (db_open(db_url, NULL, &db, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "open %s: %s\n", db_url, err);
		return -1;
	}
	struct stats_bulk bulk = { 0 };
	int64_t hbase = 0, mbase = 0;
	int rc = db_begin(db) == DB_OK && db_bulk_cache(db, 256) == DB_OK && stats_bulk_begin(db, &bulk) == 0 ? 0 : -1;
	if (rc == 0 && (db_query_int(db, &hbase, "SELECT MAX(id) FROM households", NULL) != DB_ROW ||
			db_query_int(db, &mbase, "SELECT MAX(id) FROM members", NULL) != DB_ROW))
		rc = -1;
	if (rc == 0)
		rc = copy_rows(db, hbase, mbase);
	/* the summaries rebuilt, the ids' sequences after the copies, the planner told of them */
	bool done = rc == 0 && stats_bulk_end(db, &bulk, true) == 0 &&
		    db_return_ids(db, "households", hbase + HOUSEHOLDS + 1) == DB_OK &&
		    db_return_ids(db, "members", mbase + (int64_t)HOUSEHOLDS * PER_HOUSEHOLD + 1) == DB_OK &&
		    db_analyze(db, "households, members") == DB_OK && db_commit(db) == DB_OK;
	rc = done ? 0 : -1;
	if (rc) {
		fprintf(stderr, "the copies: %s\n", db_errmsg(db));
		stats_bulk_end(db, &bulk, false);
		db_rollback(db);
	}
	db_close(db);
	return rc;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int setup(void)
{
	double t0 = now();
	if (divisions_and_account() || server_start(&srv, binary, db_url, NULL) ||
	    accounts_login(&srv, &(struct test_account){ "county", "county", COUNTY, &county }, 1, PW) ||
	    seed_through_api())
		return -1;
	server_stop(&srv);
	double t1 = now();
	if (copy_seed())
		return -1;
	double t2 = now();
	printf("set-up: divisions and the seed in %.1f s, %d households and %d members copied in %.1f s\n", t1 - t0,
	       HOUSEHOLDS, HOUSEHOLDS * PER_HOUSEHOLD, t2 - t1);
	return server_start(&srv, binary, db_url, NULL);
}

/* ---- the server's figures ----------------------------------------------------------------------- */

/* The server's peak resident memory (VmHWM) in bytes, -1 when unreadable. */
static int64_t server_hwm(void)
{
	FILE *f = fopen(fmt("/proc/%d/status", (int)srv.pid), "r");
	char line[256];
	long long kb = -1;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %lld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb < 0 ? -1 : kb * 1024;
}

/* The server's CPU seconds (user + system). */
static double server_cpu(void)
{
	FILE *f = fopen(fmt("/proc/%d/stat", (int)srv.pid), "r");
	char buf[1024] = "";
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	const char *p = strrchr(buf, ')');   /* fields after the command's name, from the 3rd */
	unsigned long long ut = 0, st = 0;
	if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* ---- the export, read as it streams ----------------------------------------------------------- */

/*
 * The rows of the body: CSV lines, or, for an XLSX, the <row> elements of its worksheet,
 * inflated entry by entry as the zip arrives (a local header, its deflated data, then up to
 * the next signature: a data descriptor may come between); nothing is kept but the counts.
 */
struct stream {
	bool xlsx;
	int64_t bytes, rows;
	char total[32];       /* X-Total-Count */
	/* the XLSX's state */
	enum { ZIP_SCAN, ZIP_HEADER, ZIP_NAME, ZIP_DATA, ZIP_END } state;
	uint32_t window;      /* the last 4 bytes scanned, for a signature */
	unsigned char head[30];
	size_t have, need;
	char name[64];
	bool sheet;           /* the entry is xl/worksheets/sheet1.xml */
	int entries;
	z_stream z;
	bool z_open;
	char tail[4];         /* the sheet's last bytes, for a "<row " split between two chunks */
	size_t ntail;
	bool broken;
};

#define SHEET "xl/worksheets/sheet1.xml"

/* Count "<row " in the sheet's text, across chunks. */
static void sheet_rows(struct stream *s, const char *p, size_t n)
{
	char joint[8];
	size_t k = s->ntail, m = n < 4 ? n : 4;
	memcpy(joint, s->tail, k);
	memcpy(joint + k, p, m);
	for (size_t i = 0; i < k && i + 5 <= k + m; i++)
		if (!memcmp(joint + i, "<row ", 5))
			s->rows++;
	for (const char *q = p; (q = memmem(q, (size_t)(p + n - q), "<row ", 5)) != NULL; q += 5)
		s->rows++;
	size_t t = k + m < 4 ? k + m : 4;
	if (n >= 4)
		memcpy(s->tail, p + n - 4, 4);
	else
		memmove(s->tail, joint + k + m - t, t);
	s->ntail = t;
}

static unsigned u16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

/* Feed the zip's next n bytes. */
static void zip_feed(struct stream *s, const unsigned char *p, size_t n)
{
	while (n > 0 && !s->broken && s->state != ZIP_END) {
		if (s->state == ZIP_SCAN) {
			s->window = s->window >> 8 | (uint32_t)*p++ << 24, n--;
			if (s->window == 0x04034b50) {   /* PK 3 4: a local header */
				memcpy(s->head, "PK\3\4", 4);
				s->state = ZIP_HEADER, s->have = 4, s->need = sizeof(s->head);
			} else if (s->window == 0x02014b50 || s->window == 0x06054b50)
				s->state = ZIP_END;   /* the central directory: every entry read */
			continue;
		}
		if (s->state == ZIP_HEADER || s->state == ZIP_NAME) {
			size_t take = s->need - s->have < n ? s->need - s->have : n;
			if (s->state == ZIP_HEADER)
				memcpy(s->head + s->have, p, take);
			for (size_t i = 0; s->state == ZIP_NAME && i < take; i++)
				if (s->have + i < sizeof(s->name) - 1)
					s->name[s->have + i] = (char)p[i];
			s->have += take, p += take, n -= take;
			if (s->have < s->need)
				continue;
			if (s->state == ZIP_HEADER) {   /* its name and extra field follow */
				memset(s->name, 0, sizeof(s->name));
				s->state = ZIP_NAME, s->have = 0, s->need = u16(s->head + 26) + u16(s->head + 28);
				continue;
			}
			/* every part of the workbook is deflated (method 8) */
			s->sheet = u16(s->head + 26) == strlen(SHEET) && !strncmp(s->name, SHEET, strlen(SHEET));
			memset(&s->z, 0, sizeof(s->z));
			s->z_open = u16(s->head + 8) == 8 && inflateInit2(&s->z, -MAX_WBITS) == Z_OK;
			s->broken = !s->z_open;
			s->state = ZIP_DATA;
			s->entries++;
			continue;
		}
		unsigned char out[65536];
		s->z.next_in = (unsigned char *)p;
		s->z.avail_in = (uInt)n;
		int zr;
		do {
			s->z.next_out = out;
			s->z.avail_out = sizeof(out);
			zr = inflate(&s->z, Z_NO_FLUSH);
			if (s->sheet)
				sheet_rows(s, (const char *)out, sizeof(out) - s->z.avail_out);
		} while (zr == Z_OK && s->z.avail_out == 0);
		size_t used = n - s->z.avail_in;
		p += used, n -= used;
		if (zr == Z_STREAM_END) {
			inflateEnd(&s->z);
			s->z_open = false;
			s->state = ZIP_SCAN, s->window = 0;
		} else if (zr != Z_OK && zr != Z_BUF_ERROR)
			s->broken = true;
	}
}

static size_t stream_body(char *p, size_t size, size_t nmemb, void *ctx)
{
	struct stream *s = ctx;
	size_t n = size * nmemb;
	s->bytes += (int64_t)n;
	if (s->xlsx)
		zip_feed(s, (const unsigned char *)p, n);
	else
		for (const char *q = p; (q = memchr(q, '\n', (size_t)(p + n - q))) != NULL; q++)
			s->rows++;
	return n;
}

static size_t stream_header(char *p, size_t size, size_t nmemb, void *ctx)
{
	struct stream *s = ctx;
	size_t n = size * nmemb;
	if (n > 15 && strncasecmp(p, "X-Total-Count:", 14) == 0)
		sscanf(p + 14, " %31[0-9]", s->total);
	return n;
}

/* GET path as the county user, its body read as it streams into *s; the status. */
static long export_stream(const char *path, struct stream *s)
{
	memset(s, 0, sizeof(*s));
	s->xlsx = strstr(path, "format=xlsx") != NULL;
	CURL *c = curl_easy_init();
	struct curl_slist *h = curl_slist_append(NULL, fmt("Authorization: Bearer %s", county.token));
	curl_easy_setopt(c, CURLOPT_URL, fmt("%s%s", srv.base, path));
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, stream_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, stream_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, s);
	/* a guard against a hung server, not a time limit */
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 1800L);
	CURLcode rc = curl_easy_perform(c);
	long status = 0;
	if (rc != CURLE_OK)
		fprintf(stderr, "curl GET %s: %s\n", path, curl_easy_strerror(rc));
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (s->z_open)
		inflateEnd(&s->z);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return status;
}

/* ---- the tests ---------------------------------------------------------------------------------- */

/* One export of list (a path with ?format=) in a fresh server: the village's, then the county's;
 * total_header: the reply says its rows in X-Total-Count. */
static void export_flat(const char *list, bool total_header)
{
	server_stop(&srv);
	if (server_start(&srv, binary, db_url, NULL) ||
	    accounts_login(&srv, &(struct test_account){ "county", "county", COUNTY, &county }, 1, PW)) {
		EXPECT(false, "%s: the server restarts", list);
		return;
	}
	bool xlsx = strstr(list, "format=xlsx") != NULL;
	int64_t small = raw_count_on(db_url, "SELECT COUNT(*) FROM members WHERE division = '" VILL_SEED "'");
	int64_t all = raw_count_on(db_url, "SELECT COUNT(*) FROM members WHERE division >= '" COUNTY "'"
					   " AND division < '" COUNTY_END "'");
	EXPECT(small == SMALL_HOUSEHOLDS * PER_HOUSEHOLD + 1 && all == HOUSEHOLDS * PER_HOUSEHOLD + 1,
	       "the database holds the copies: %lld in the village, %lld in the county", (long long)small, (long long)all);

	struct stream s;
	long st = export_stream(fmt("%s&division=%s", list, VILL_SEED), &s);
	EXPECT(st == 200 && s.rows == small + 1 && !s.broken, "%s of the village: %ld, %lld rows (+ header), want %lld",
	       list, st, (long long)s.rows, (long long)small);
	int64_t before = server_hwm();
	double c0 = server_cpu(), t0 = now();
	st = export_stream(list, &s);
	double t1 = now(), c1 = server_cpu();
	int64_t after = server_hwm();
	EXPECT(st == 200, "%s: status %ld", list, st);
	EXPECT(!s.broken, "%s: the zip reads entry by entry", list);
	EXPECT(s.rows == all + 1, "%s: %lld rows (the header too), want %lld members and the header", list,
	       (long long)s.rows, (long long)all);
	EXPECT(!total_header || strtoll(s.total, NULL, 10) == all, "%s: X-Total-Count %s, want %lld", list, s.total,
	       (long long)all);
	EXPECT(before > 0 && after > 0 && after - before <= EXPORT_GROWTH_MAX,
	       "%s: the server's peak memory grew from %.1f to %.1f MiB over %lld rows (at most %d MiB)", list,
	       (double)before / 1048576, (double)after / 1048576, (long long)all, EXPORT_GROWTH_MAX / 1048576);
	printf("  %s: %lld rows, %.1f MB %s, %.1f s, server CPU %.1f s, server's peak %.1f -> %.1f MiB\n", list,
	       (long long)s.rows - 1, (double)s.bytes / 1e6, xlsx ? "XLSX" : "CSV", t1 - t0, c1 - c0,
	       (double)before / 1048576, (double)after / 1048576);
}

/* the generic export of any list (model/list_export.c) */
static void test_members_csv(void)
{
	export_flat("/api/v1/members?format=csv", true);
}

/* the registry's, in the import layout (modules/registry/hh_export.c), and its XLSX (core/xlsx_write.c) */
static void test_registry_csv(void)
{
	export_flat("/api/v1/exports/members?format=csv", false);
}

static void test_registry_xlsx(void)
{
	export_flat("/api/v1/exports/members?format=xlsx", false);
}

int main(int argc, char **argv)
{
	/* the servers' threads share one malloc arena: the small export warms the arena the whole
	 * export then uses, whichever worker thread runs each (with an arena a thread, a thread's
	 * first long export added its own page's working set, up to 6 MiB) */
	setenv("MALLOC_ARENA_MAX", "1", 1);
	static const struct api_test tests[] = {
		{ "GET /members?format=csv: 1,000,001 members in flat memory", test_members_csv },
		{ "GET /exports/members?format=csv: 1,000,001 members in flat memory", test_registry_csv },
		{ "GET /exports/members?format=xlsx: 1,000,001 members in flat memory", test_registry_xlsx },
	};
	const struct api_program p = { "slow_api_export_memory", &binary, db_url, sizeof(db_url), NULL, 0, &srv, setup,
				       NULL, tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
