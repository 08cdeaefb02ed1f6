/*
 * frontdoor.c - API tests of delivery and of what the UI is told: the
 * precompressed copy of a static file chosen by Accept-Encoding (Brotli, gzip,
 * none; Vary), hashed assets cached as immutable, index.html revalidated by
 * ETag (304) and sent with its page's preload hints (Link), a page address
 * with its own HTML file (the plain public form) answered by it, JSON replies
 * gzipped above a size and not below it, GET /meta revalidated by ETag (304),
 * and GET /me's permissions from the role table.
 *
 * usage: api_frontdoor --server build/lianxin --db sqlite|postgres
 * The web root is a small tree this program writes (index.html with .br and
 * .gz copies, an asset with only a .gz copy, preload hint files).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "harness.h"

static const char *binary;
static char db_url[1024];
static char tmpdir[512];
static char webroot[600];
static struct server srv;
static struct session county, village;

#define PW "Front-Door-2026"
#define INDEX "<!doctype html><title>plain index</title>"
#define PRELOAD "</assets/pr-1.css>; rel=preload; as=style, </assets/pr-2.js>; rel=modulepreload"

static int write_file(const char *rel, const char *text)
{
	char p[800];
	snprintf(p, sizeof(p), "%s/%s", webroot, rel);
	FILE *f = fopen(p, "w");
	if (f == NULL)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static int setup(void)
{
	char err[4096];
	snprintf(webroot, sizeof(webroot), "%s/web", tmpdir);
	char assets[700];
	snprintf(assets, sizeof(assets), "%s/assets", webroot);
	if (mkdir(webroot, 0755) || mkdir(assets, 0755))
		return -1;
	/* the copies' contents differ, so the test sees which one was sent */
	if (write_file("index.html", INDEX) || write_file("index.html.br", "BROTLI-COPY") ||
	    write_file("index.html.gz", "GZIP-COPY") || write_file("assets/app-1a2b3c.js", "console.log(1)") ||
	    write_file("assets/app-1a2b3c.js.gz", "GZIP-ASSET"))
		return -1;
	/* a page's preload hints as the build writes them (web/preload-links.mjs); one that is not a single line */
	char preload[700];
	snprintf(preload, sizeof(preload), "%s/preload", webroot);
	if (mkdir(preload, 0755) || write_file("preload/public-request.link", PRELOAD "\n") ||
	    write_file("preload/m.link", "</assets/m-1.js>; rel=modulepreload") ||
	    write_file("preload/public-track.link", "</assets/a.js>; rel=modulepreload\r\nSet-Cookie: x=1"))
		return -1;
	const char *args[] = { "import", "divisions", "data/divisions/469030/provinces.csv", "data/divisions/469030/cities.csv", "data/divisions/469030/areas.csv", "data/divisions/469030/streets.csv", "data/divisions/469030/villages.csv", NULL };
	if (cli_run(binary, db_url, NULL, args, err, sizeof(err))) {
		fprintf(stderr, "api_frontdoor: import divisions: %s\n", err);
		return -1;
	}
	static const struct { const char *name, *role, *division; } users[] = {
		{ "fdcounty", "county", "469030" }, { "fdvillage", "village", "469030100001" },
	};
	struct session *sess[] = { &county, &village };
	for (size_t i = 0; i < 2; i++) {
		const char *add[] = { "user", "add", "--username", users[i].name, "--role", users[i].role, "--division",
				      users[i].division, "--password-stdin", NULL };
		if (cli_run(binary, db_url, PW "\n", add, err, sizeof(err))) {
			fprintf(stderr, "api_frontdoor: user add %s: %s\n", users[i].name, err);
			return -1;
		}
	}
	const char *extra[] = { "--web-root", webroot, NULL };
	if (server_start(&srv, binary, db_url, extra))
		return -1;
	for (size_t i = 0; i < 2; i++)
		if (login(&srv, users[i].name, PW, sess[i]) != 200)
			return -1;
	return 0;
}

/* GET path with the given extra headers (NULL-ended). */
static void get(const char *path, const struct session *s, const char *const *headers, struct resp *r)
{
	struct req_opts o = { .auth = s, .headers = headers };
	http(&srv, "GET", path, NULL, &o, r);
}

static const char *hdr(const struct resp *r, const char *name)
{
	static char buf[4][256];
	static int k;
	k = (k + 1) % 4;
	const char *v = resp_header(r, name, buf[k], sizeof(buf[k]));
	return v ? v : "";
}

static void test_static_encodings(void)
{
	struct resp r;
	const char *br[] = { "Accept-Encoding: gzip, deflate, br", NULL };
	get("/some/page", NULL, br, &r);
	EXPECT(r.status == 200 && strcmp(r.body, "BROTLI-COPY") == 0, "br: %ld %s", r.status, r.body);
	EXPECT(strcmp(hdr(&r, "Content-Encoding"), "br") == 0, "Content-Encoding %s", hdr(&r, "Content-Encoding"));
	EXPECT(strcmp(hdr(&r, "Vary"), "Accept-Encoding") == 0, "Vary %s", hdr(&r, "Vary"));
	EXPECT(strcmp(hdr(&r, "Cache-Control"), "no-cache") == 0, "index Cache-Control %s", hdr(&r, "Cache-Control"));
	resp_free(&r);

	const char *gz[] = { "Accept-Encoding: gzip, br;q=0", NULL };
	get("/", NULL, gz, &r);
	EXPECT(strcmp(r.body, "GZIP-COPY") == 0 && strcmp(hdr(&r, "Content-Encoding"), "gzip") == 0,
	       "br;q=0 refuses br: %s", r.body);
	resp_free(&r);

	get("/", NULL, NULL, &r);
	EXPECT(strcmp(r.body, INDEX) == 0 && *hdr(&r, "Content-Encoding") == '\0', "no Accept-Encoding: plain: %s",
	       r.body);
	EXPECT(strcmp(hdr(&r, "Vary"), "Accept-Encoding") == 0, "Vary on the plain copy too");
	resp_free(&r);

	const char *star[] = { "Accept-Encoding: gzip;q=0, *", NULL };
	get("/", NULL, star, &r);
	EXPECT(strcmp(r.body, "BROTLI-COPY") == 0, "* takes br, gzip;q=0 refused: %s", r.body);
	resp_free(&r);

	/* an asset with only a .gz copy: br asked, gzip sent; cached for a year */
	get("/assets/app-1a2b3c.js", NULL, br, &r);
	EXPECT(r.status == 200 && strcmp(r.body, "GZIP-ASSET") == 0, "asset gz: %s", r.body);
	EXPECT(strcmp(hdr(&r, "Cache-Control"), "public, max-age=31536000, immutable") == 0, "asset cache %s",
	       hdr(&r, "Cache-Control"));
	EXPECT(strstr(hdr(&r, "Content-Type"), "javascript") != NULL, "asset type %s", hdr(&r, "Content-Type"));
	resp_free(&r);
	get("/assets/app-1a2b3c.js.gz", NULL, NULL, &r);
	EXPECT(r.status == 200, "the copy itself is a file: %ld", r.status);
	resp_free(&r);
}

static void test_index_etag(void)
{
	struct resp r;
	const char *br[] = { "Accept-Encoding: br", NULL };
	get("/", NULL, br, &r);
	char etag[128];
	snprintf(etag, sizeof(etag), "%s", hdr(&r, "ETag"));
	resp_free(&r);
	EXPECT(etag[0] == '"', "index.html has an ETag: %s", etag);
	char inm[200];
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	const char *again[] = { "Accept-Encoding: br", inm, NULL };
	get("/requests/12", NULL, again, &r);
	EXPECT(r.status == 304 && r.body[0] == '\0', "unchanged index: 304, no body: %ld %s", r.status, r.body);
	resp_free(&r);
	/* the plain copy is another representation: its ETag differs, so a full reply */
	const char *plain[] = { inm, NULL };
	get("/", NULL, plain, &r);
	EXPECT(r.status == 200 && strcmp(r.body, INDEX) == 0, "other encoding, same tag: 200: %ld", r.status);
	resp_free(&r);
}

/* index.html for a page address carries that page's preload hints (its chunks fetched beside the entry);
 * other pages, assets and a hint file that is not one plain line carry none */
static void test_preload_links(void)
{
	struct resp r;
	const char *br[] = { "Accept-Encoding: br", NULL };
	get("/public/request?division=469030100001", NULL, br, &r);
	EXPECT(r.status == 200 && strcmp(r.body, "BROTLI-COPY") == 0, "public form: index: %ld %s", r.status, r.body);
	EXPECT(strcmp(hdr(&r, "Link"), PRELOAD) == 0, "public form Link: %s", hdr(&r, "Link"));
	resp_free(&r);
	get("/m/", NULL, NULL, &r);
	EXPECT(strcmp(hdr(&r, "Link"), "</assets/m-1.js>; rel=modulepreload") == 0, "phone home Link: %s", hdr(&r, "Link"));
	resp_free(&r);
	get("/m/requests/new", NULL, NULL, &r);
	EXPECT(r.status == 200 && *hdr(&r, "Link") == '\0', "a page without hints: no Link: %s", hdr(&r, "Link"));
	resp_free(&r);
	get("/public/track", NULL, NULL, &r);
	EXPECT(r.status == 200 && *hdr(&r, "Link") == '\0' && *hdr(&r, "Set-Cookie") == '\0',
	       "a hint file of two lines is not sent: %s", hdr(&r, "Link"));
	resp_free(&r);
	get("/", NULL, NULL, &r);
	EXPECT(*hdr(&r, "Link") == '\0', "root: no Link: %s", hdr(&r, "Link"));
	resp_free(&r);
	get("/assets/app-1a2b3c.js", NULL, NULL, &r);
	EXPECT(r.status == 200 && *hdr(&r, "Link") == '\0', "asset: no Link");
	resp_free(&r);
	get("/Public/Request", NULL, NULL, &r);
	EXPECT(r.status == 200 && *hdr(&r, "Link") == '\0', "another spelling: no Link");
	resp_free(&r);
}

/* the public form's address is answered by its own page (public-request.html, a second build entry without
 * Vue), with its precompressed copy, revalidation and hints; the other pages still get index.html; a web root
 * built without that page answers it with index.html (test_preload_links) */
static void test_own_page(void)
{
#define OWN "<!doctype html><title>plain public form</title>"
	EXPECT(write_file("public-request.html", OWN) == 0 && write_file("public-request.html.br", "OWN-BROTLI") == 0,
	       "write the page");
	struct resp r;
	get("/public/request?division=469030100001", NULL, NULL, &r);
	EXPECT(r.status == 200 && strcmp(r.body, OWN) == 0, "public form: its own page: %ld %s", r.status, r.body);
	EXPECT(strncmp(hdr(&r, "Content-Type"), "text/html", 9) == 0, "as HTML: %s", hdr(&r, "Content-Type"));
	EXPECT(strcmp(hdr(&r, "Cache-Control"), "no-cache") == 0 && *hdr(&r, "ETag") == '"', "revalidated: %s %s",
	       hdr(&r, "Cache-Control"), hdr(&r, "ETag"));
	EXPECT(strcmp(hdr(&r, "Link"), PRELOAD) == 0, "its hints still sent: %s", hdr(&r, "Link"));
	char etag[128];
	snprintf(etag, sizeof(etag), "If-None-Match: %s", hdr(&r, "ETag"));
	resp_free(&r);
	const char *inm[] = { etag, NULL };
	get("/public/request", NULL, inm, &r);
	EXPECT(r.status == 304, "unchanged: 304: %ld", r.status);
	resp_free(&r);
	const char *br[] = { "Accept-Encoding: br", NULL };
	get("/public/request/", NULL, br, &r);
	EXPECT(r.status == 200 && strcmp(r.body, "OWN-BROTLI") == 0 && strcmp(hdr(&r, "Content-Encoding"), "br") == 0,
	       "a trailing slash, brotli: %s", r.body);
	resp_free(&r);
	static const char *const others[] = { "/public/track", "/public/requests", "/public", "/m", "/public/request/x" };
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		get(others[i], NULL, NULL, &r);
		EXPECT(r.status == 200 && strcmp(r.body, INDEX) == 0, "%s: index.html: %s", others[i], r.body);
		resp_free(&r);
	}
	char p[800];
	snprintf(p, sizeof(p), "%s/public-request.html", webroot);
	remove(p);
	snprintf(p, sizeof(p), "%s/public-request.html.br", webroot);
	remove(p);
#undef OWN
}

/* inflate a gzip body of n bytes; NULL on failure (caller frees) */
static char *gunzip(const char *in, size_t n, size_t *out_len)
{
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 15 + 16) != Z_OK)
		return NULL;
	size_t cap = n * 40 + 1024;
	char *out = malloc(cap);
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)n;
	zs.next_out = (Bytef *)out;
	zs.avail_out = (uInt)cap - 1;
	int rc = inflate(&zs, Z_FINISH);
	*out_len = zs.total_out;
	inflateEnd(&zs);
	if (rc != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	out[*out_len] = '\0';
	return out;
}

static void test_json_gzip(void)
{
	struct resp plain, z;
	get("/api/v1/meta", &county, NULL, &plain);
	EXPECT(plain.status == 200 && plain.json != NULL, "meta plain: %ld", plain.status);
	EXPECT(*hdr(&plain, "Content-Encoding") == '\0', "no Accept-Encoding: not compressed");
	const char *gz[] = { "Accept-Encoding: gzip", NULL };
	get("/api/v1/meta", &county, gz, &z);
	EXPECT(strcmp(hdr(&z, "Content-Encoding"), "gzip") == 0, "meta gzipped: %s", hdr(&z, "Content-Encoding"));
	EXPECT(strcmp(hdr(&z, "Vary"), "Accept-Encoding") == 0, "Vary: %s", hdr(&z, "Vary"));
	size_t zlen = (size_t)strtoull(hdr(&z, "Content-Length"), NULL, 10), len = 0;
	char *un = zlen ? gunzip(z.body, zlen, &len) : NULL;
	EXPECT(un && strcmp(un, plain.body) == 0, "the gzip body inflates to the plain one (%zu -> %zu bytes, plain %zu)",
	       zlen, len, strlen(plain.body));
	EXPECT(zlen * 4 < strlen(plain.body), "meta shrinks: %zu of %zu", zlen, strlen(plain.body));
	free(un);
	resp_free(&plain);
	resp_free(&z);

	/* a small reply is sent as it is */
	get("/api/v1/health", NULL, gz, &z);
	EXPECT(z.status == 200 && z.json != NULL && *hdr(&z, "Content-Encoding") == '\0',
	       "a small reply is not compressed: %s", hdr(&z, "Content-Encoding"));
	resp_free(&z);
}

static void test_meta_etag(void)
{
	struct resp r;
	get("/api/v1/meta", &county, NULL, &r);
	char etag[128];
	snprintf(etag, sizeof(etag), "%s", hdr(&r, "ETag"));
	EXPECT(etag[0] == '"', "meta has an ETag");
	EXPECT(strcmp(hdr(&r, "Cache-Control"), "private, no-cache") == 0, "meta Cache-Control %s",
	       hdr(&r, "Cache-Control"));
	resp_free(&r);
	char inm[200];
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	const char *h[] = { inm, NULL };
	get("/api/v1/meta", &village, h, &r);
	EXPECT(r.status == 304 && r.body[0] == '\0', "meta unchanged: 304: %ld", r.status);
	resp_free(&r);
	const char *stale[] = { "If-None-Match: \"j0000000000000000\"", NULL };
	get("/api/v1/meta", &village, stale, &r);
	EXPECT(r.status == 200 && r.json != NULL, "another tag: 200: %ld", r.status);
	resp_free(&r);
	/* without a session it is still refused */
	get("/api/v1/meta", NULL, h, &r);
	EXPECT(r.status == 401, "meta needs a login even with a tag: %ld", r.status);
	resp_free(&r);
	/* other API replies stay uncached */
	get("/api/v1/me", &county, NULL, &r);
	EXPECT(strcmp(hdr(&r, "Cache-Control"), "no-store") == 0, "me: no-store: %s", hdr(&r, "Cache-Control"));
	resp_free(&r);
}

static bool has_perm(json_t *me, const char *name)
{
	json_t *perms = json_object_get(json_object_get(me, "user"), "permissions"), *v;
	size_t i;
	json_array_foreach(perms, i, v)
		if (strcmp(json_string_value(v), name) == 0)
			return true;
	return false;
}

static void test_me_permissions(void)
{
	json_t *c = get_json(&county, "/api/v1/me", 200), *v = get_json(&village, "/api/v1/me", 200);
	EXPECT(has_perm(c, "settings_write") && has_perm(c, "import") && has_perm(c, "data_write"),
	       "county: settings, import, data: %s", jd(c));
	EXPECT(has_perm(v, "data_write") && has_perm(v, "data_read"), "village writes data: %s", jd(v));
	EXPECT(!has_perm(v, "settings_write") && !has_perm(v, "import") && !has_perm(v, "audit_read") &&
	       !has_perm(v, "users_write"), "village: no settings, import, audit, accounts: %s", jd(v));
	json_decref(c);
	json_decref(v);
	/* the login reply says the same */
	struct resp lr;
	http(&srv, "POST", "/api/v1/auth/login", "{\"username\":\"fdvillage\",\"password\":\"" PW "\"}", NULL, &lr);
	EXPECT(lr.status == 200 && has_perm(lr.json, "data_write") && !has_perm(lr.json, "import"),
	       "login: the permissions: %.300s", lr.body);
	resp_free(&lr);
	/* the permission the menu hides is refused by the server too */
	struct resp r;
	struct req_opts o = { .auth = &village, .content_type = "text/csv" };
	http(&srv, "POST", "/api/v1/imports/households", "a,b\n", &o, &r);
	expect_error(&r, 403, "forbidden", "a village user cannot import");
	resp_free(&r);
	struct req_opts oc = { .auth = &village };
	http(&srv, "PUT", "/api/v1/settings/meeting-rules", "{}", &oc, &r);
	expect_error(&r, 403, "forbidden", "a village user cannot write settings");
	resp_free(&r);
}

static void test_public_divisions(void)
{
	json_t *c = get_json(NULL, "/api/v1/public/divisions", 200);
	json_t *items = json_object_get(c, "items");
	EXPECT(json_array_size(items) == 1 && strcmp(jstr(json_array_get(items, 0), "code"), "469030") == 0,
	       "the counties: %s", jd(c));
	json_decref(c);
	json_t *t = get_json(NULL, "/api/v1/public/divisions?parent=469030", 200);
	items = json_object_get(t, "items");
	json_t *first = json_array_get(items, 0);
	EXPECT(json_array_size(items) >= 5 && strcmp(jstr(first, "code"), "469030100") == 0 &&
	       strcmp(jstr(first, "name"), "营根镇") == 0 && strcmp(jstr(first, "level"), "township") == 0,
	       "the county's townships by name: %s", jd(t));
	json_decref(t);
	json_t *vl = get_json(NULL, "/api/v1/public/divisions?parent=469030100", 200);
	EXPECT(strcmp(jstr(json_array_get(json_object_get(vl, "items"), 0), "name"), "营东社区居委会") == 0,
	       "the township's villages: %s", jd(vl));
	json_decref(vl);
	struct resp r;
	http(&srv, "GET", "/api/v1/public/divisions?parent=469030100001", NULL, NULL, &r);
	expect_error(&r, 400, "bad_division", "a village's groups are not looked up");
	resp_free(&r);
	json_t *one = get_json(NULL, "/api/v1/public/divisions/469030100001", 200);
	json_t *parents = json_object_get(one, "parents");
	EXPECT(strcmp(jstr(one, "name"), "营东社区居委会") == 0 && json_array_size(parents) == 2 &&
	       strcmp(jstr(json_array_get(parents, 1), "name"), "营根镇") == 0,
	       "a village with its county and township: %s", jd(one));
	json_decref(one);
	http(&srv, "GET", "/api/v1/public/divisions/469030999999", NULL, NULL, &r);
	EXPECT(r.status == 404, "an unknown village: %ld", r.status);
	resp_free(&r);
	/* rate-limited per address: the default 60 a minute, four times for look-ups */
	long last = 0;
	for (int i = 0; i < 260 && last != 429; i++) {
		http(&srv, "GET", "/api/v1/public/divisions?parent=469030", NULL, NULL, &r);
		last = r.status;
		resp_free(&r);
	}
	EXPECT(last == 429, "the look-up is rate-limited: %ld", last);
}

int main(int argc, char **argv)
{
	static const struct api_test tests[] = {
		{ "static files: precompressed copy by Accept-Encoding", test_static_encodings },
		{ "index.html: ETag and 304", test_index_etag },
		{ "index.html: the page's preload hints (Link)", test_preload_links },
		{ "a page address with its own HTML file", test_own_page },
		{ "JSON replies gzipped above a size", test_json_gzip },
		{ "GET /meta: ETag and 304", test_meta_etag },
		{ "GET /me: the role's permissions", test_me_permissions },
		{ "public division look-up by name, rate-limited", test_public_divisions },
	};
	const struct api_program p = { "api_frontdoor", &binary, db_url, sizeof(db_url), tmpdir, sizeof(tmpdir), &srv,
				       setup, NULL, tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
