/*
 * security.c - the attacks an outside test found, kept as tests (docs/security.md):
 * role grants (every role x every role it might grant), settings written
 * only where the writer's scope holds their place, a scan of list and
 * detail replies for unmasked ID numbers and phones for every role, a
 * record of a sibling subtree answering 404 to every verb and the attempt
 * audited, CSV export cells that would run as formulas, slow request
 * headers cut off at the header deadline while other clients are served,
 * transport-level errors (414, 431) answered in JSON, the audit retention
 * purge removing only rows older than the retention, account expiry.
 * Runs on the demo county 琼中 (469030) without its requests and party life.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define PW "Sec-Check-2026"
#define COUNTY "469030"
#define TOWN_A "469030100"
#define TOWN_B "469030101"

static struct server srv;
static const char *binary;
static char db_url[1024];

/* the accounts of the test, one per role; scope COUNTY unless named */
static struct session admin, county, towna, village, grid, cadre, viewer, auditor;
static const struct {
	const char *name, *role, *division;
	struct session *s;
} accounts[] = {
	{ "secadmin", "admin", "all", &admin },        { "seccounty", "county", COUNTY, &county },
	{ "sectowna", "township", TOWN_A, &towna },    { "secvillage", "village", TOWN_A "201", &village },
	{ "secgrid", "grid", TOWN_A "201", &grid },    { "seccadre", "cadre", TOWN_A, &cadre },
	{ "secviewer", "viewer", COUNTY, &viewer },    { "secauditor", "auditor", COUNTY, &auditor },
};
#define NACCOUNTS (sizeof(accounts) / sizeof(accounts[0]))

/* ---- role grants ---------------------------------------------------------------------- */

/* Who may grant which role (an account manager: no more than its own permissions). */
static bool may_grant(const char *actor, const char *target)
{
	static const struct { const char *actor, *targets; } table[] = {
		{ "admin", " admin auditor county township village grid cadre viewer " },
		{ "county", " county township village grid cadre viewer " },
		{ "township", " township village grid cadre viewer " },
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(table[i].actor, actor))
			return strstr(table[i].targets, fmt(" %s ", target)) != NULL;
	return false;
}

static void test_role_grants(void)
{
	static const char *const roles[] = { "admin", "auditor", "county", "township", "village", "grid", "cadre", "viewer" };
	int n = 0;
	for (size_t a = 0; a < NACCOUNTS; a++)
		for (size_t t = 0; t < sizeof(roles) / sizeof(roles[0]); t++) {
			const char *scope = !strcmp(roles[t], "admin") || !strcmp(roles[t], "auditor") ? "" : TOWN_A;
			const char *name = fmt("g%zu%zu%d", a, t, n++);
			struct resp r;
			req(accounts[a].s, "POST", "/api/v1/users",
			    fmt("{\"username\":\"%s\",\"role\":\"%s\",\"scopes\":[\"%s\"],\"password\":\"Grant-Pass-2026\"}", name,
				roles[t], scope),
			    &r);
			bool granted = r.status == 201;
			bool want = may_grant(accounts[a].role, roles[t]) &&
				    (!strcmp(accounts[a].role, "admin") || strcmp(scope, "") != 0);
			EXPECT(granted == want, "%s grants %s: %ld, want %s", accounts[a].role, roles[t], r.status,
			       want ? "201" : "a refusal");
			if (!granted)
				EXPECT(r.status == 403, "%s granting %s is refused with 403: %ld", accounts[a].role, roles[t],
				       r.status);
			resp_free(&r);
		}
}

/* ---- settings have a place ------------------------------------------------------------ */

static void put_expect(const struct session *s, const char *who, const char *path, const char *body, long want)
{
	struct resp r;
	req(s, "PUT", path, body, &r);
	EXPECT(r.status == want, "%s PUT %s: %ld, want %ld %s", who, path, r.status, want, r.body);
	resp_free(&r);
}

static void test_settings_by_place(void)
{
	static const char *const cal = "{\"days\":[{\"day\":\"2031-01-01\",\"kind\":\"off\",\"name\":\"元旦\"}]}";
	put_expect(&county, "county", "/api/v1/settings/calendar/2031", cal, 403);
	put_expect(&towna, "township", "/api/v1/settings/calendar/2031", cal, 403);
	put_expect(&admin, "admin", "/api/v1/settings/calendar/2031", cal, 200);
	static const char *const lines[] = { "{\"year\":2031,\"poverty_line\":99999}",
					     "{\"year\":2031,\"province\":\"11\",\"poverty_line\":99999}",
					     "{\"year\":2031,\"province\":\"46\",\"poverty_line\":99999}" };
	for (size_t i = 0; i < 3; i++) {
		put_expect(&county, "county", "/api/v1/settings/income-lines", lines[i], 403);
		put_expect(&towna, "township", "/api/v1/settings/income-lines", lines[i], 403);
	}
	put_expect(&admin, "admin", "/api/v1/settings/income-lines", lines[0], 200);
	json_t *rules = get_json(&county, "/api/v1/settings/meeting-rules", 200);
	json_t *put = json_pack("{s:O}", "rules", json_object_get(rules, "rules"));
	char *text = json_dumps(put, JSON_COMPACT);
	json_decref(put);
	put_expect(&county, "county", "/api/v1/settings/meeting-rules", text, 403);
	put_expect(&admin, "admin", "/api/v1/settings/meeting-rules", text, 200);
	free(text);
	json_decref(rules);
	put_expect(&county, "county", "/api/v1/settings/meeting-free-days?division=" COUNTY, "{\"weekdays\":[5]}", 200);
	put_expect(&county, "county", "/api/v1/settings/meeting-free-days?division=530921", "{\"weekdays\":[5]}", 404);
	put_expect(&county, "county", "/api/v1/settings/meeting-free-days?division=all", "{\"weekdays\":[5]}", 404);
	put_expect(&towna, "township", "/api/v1/settings/meeting-free-days?division=" COUNTY, "{\"weekdays\":[5]}", 403);
}

/* ---- no unmasked personal data in any reply -------------------------------------------- */

/* An 18-character ID number (17 digits and a digit or X) or an 11-digit mobile number. */
static const char *unmasked(const char *body)
{
	for (const char *p = body; *p; p++) {
		if (p > body && isdigit((unsigned char)p[-1]))
			continue;
		size_t n = 0;
		while (isdigit((unsigned char)p[n]))
			n++;
		if (n == 17 && (p[17] == 'X' || p[17] == 'x'))
			return p;
		if (n == 18)
			return p;
		if (n == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9')
			return p;
	}
	return NULL;
}

/* A health status or disability grade shown in a reply ("health":"chronic", "disability_grade":2). */
static const char *restricted_shown(const char *body)
{
	static const char *const keys[] = { "\"health\":", "\"disability_grade\":" };
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		for (const char *p = strstr(body, keys[k]); p; p = strstr(p + 1, keys[k])) {
			const char *v = p + strlen(keys[k]);
			v += strspn(v, " ");
			if (strncmp(v, "null", 4) && strncmp(v, "\"******\"", 8))
				return p;
		}
	return NULL;
}

/* The roles that do not read sensitive data (ID numbers, phones, health). */
static bool reads_sensitive(const char *role)
{
	return strcmp(role, "grid") && strcmp(role, "cadre") && strcmp(role, "viewer") && strcmp(role, "auditor");
}

static void test_pii_scan(void)
{
	static const char *const paths[] = {
		"/api/v1/people?page_size=100",      "/api/v1/people?division=" TOWN_A "&page_size=100",
		"/api/v1/households?page_size=100",  "/api/v1/members?page_size=100",
		"/api/v1/members?division=" TOWN_A "&page_size=100", "/api/v1/units?page_size=100",
		"/api/v1/search?q=" "%E5%BC%A0",     "/api/v1/monitoring?page_size=100",
	};
	int scanned = 0, health_lists = 0;
	for (size_t a = 0; a < NACCOUNTS; a++)
		for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
			struct resp r;
			req(accounts[a].s, "GET", paths[i], NULL, &r);
			if (r.status == 200) {
				scanned++;
				const char *hit = unmasked(r.body);
				EXPECT(hit == NULL, "%s GET %s shows an unmasked number: %.40s", accounts[a].role, paths[i],
				       hit ? hit : "");
				hit = reads_sensitive(accounts[a].role) ? NULL : restricted_shown(r.body);
				EXPECT(hit == NULL, "%s GET %s shows a health status: %.40s", accounts[a].role, paths[i], hit ? hit : "");
				health_lists += !reads_sensitive(accounts[a].role) && strstr(r.body, "\"health\":\"******\"");
				/* one record of the list in full, through its detail route */
				json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
				const char *base = strchr(paths[i] + 8, '?') ? paths[i] : NULL;
				if (first && base && strncmp(paths[i], "/api/v1/search", 14)) {
					struct resp d;
					req(accounts[a].s, "GET",
					    fmt("%.*s/%lld", (int)(strchr(paths[i], '?') - paths[i]), paths[i],
						(long long)jint(first, "id")),
					    NULL, &d);
					hit = d.status == 200 ? unmasked(d.body) : NULL;
					EXPECT(hit == NULL, "%s GET one of %s shows an unmasked number: %.40s", accounts[a].role,
					       paths[i], hit ? hit : "");
					hit = d.status == 200 && !reads_sensitive(accounts[a].role) ? restricted_shown(d.body) : NULL;
					EXPECT(hit == NULL, "%s GET one of %s shows a health status: %.40s", accounts[a].role,
					       paths[i], hit ? hit : "");
					resp_free(&d);
				}
			}
			resp_free(&r);
		}
	EXPECT(scanned >= 40, "the scan read most lists: %d", scanned);
	EXPECT(health_lists > 0, "a role without sensitive reads saw a member list, its health hidden (%d)", health_lists);
}

/* ---- every view of a health status audited ----------------------------------------------- */

/* The auditor's count of "view" rows naming member id, once it reaches want (the rows are
 * written a moment after the reply) or after 5 s. */
static int64_t views_of(int64_t id, int64_t want)
{
	int64_t n = -1;
	for (int i = 0; i < 50; i++) {
		json_t *a = get_json(&auditor, fmt("/api/v1/audit?action=view&entity=member&entity_id=%lld", (long long)id), 200);
		n = jint(a, "total");
		json_decref(a);
		if (n >= want)
			break;
		usleep(100 * 1000);
	}
	return n;
}

static void test_health_views_audited(void)
{
	/* a member of the county with a health status, as a role that reads it sees it */
	json_t *l = get_json(&county, "/api/v1/members?health=serious&page_size=3", 200);
	json_t *first = json_array_get(json_object_get(l, "items"), 0);
	int64_t id = jint(first, "id");
	EXPECT(id > 0 && !strcmp(jstr(first, "health"), "serious"), "the county sees a member's health: %s", jd(l));
	json_decref(l);
	int64_t before = views_of(id, 1);
	EXPECT(before >= 1, "that list's view of the member is audited: %lld", (long long)before);
	json_t *one = get_json(&county, fmt("/api/v1/members/%lld", (long long)id), 200);
	EXPECT(!strcmp(jstr(one, "health"), "serious"), "the county reads the record's health: %s", jd(one));
	json_decref(one);
	int64_t after = views_of(id, before + 1);
	EXPECT(after == before + 1, "and one more for the record read alone: %lld -> %lld", (long long)before, (long long)after);
	json_t *a = get_json(&auditor, fmt("/api/v1/audit?action=view&entity=member&entity_id=%lld&page_size=1", (long long)id), 200);
	json_t *row = json_array_get(json_object_get(a, "items"), 0);
	EXPECT(!strcmp(jstr(row, "username"), "seccounty") && !strcmp(jstr(row, "entity_id"), fmt("%lld", (long long)id)),
	       "the row names who saw which record: %s", jd(a));
	json_decref(a);
	/* a role that does not read health sees it hidden: no view to audit */
	json_decref(get_json(&viewer, fmt("/api/v1/members/%lld", (long long)id), 200));
	json_decref(get_json(&viewer, "/api/v1/members?page_size=100", 200));
	usleep(500 * 1000);   /* past the writer's turn (200 ms) */
	EXPECT(views_of(id, after) == after, "the viewer's reads write no view row: %lld", (long long)views_of(id, after));
	/* a list without a restricted value shown writes none either */
	a = get_json(&auditor, "/api/v1/audit?action=view&entity=person", 200);
	EXPECT(jint(a, "total") == 0, "people lists show no health: no view rows: %s", jd(a));
	json_decref(a);
}

/* ---- a sibling subtree's record: 404 to every verb, and audited ------------------------- */

static void test_sibling_record(void)
{
	json_t *l = get_json(&admin, "/api/v1/people?division=" TOWN_B "&page_size=1", 200);
	int64_t id = jint(json_array_get(json_object_get(l, "items"), 0), "id");
	json_decref(l);
	EXPECT(id > 0, "a person of township B");
	const char *path = fmt("/api/v1/people/%lld", (long long)id);
	const struct { const char *method, *suffix, *body; } verbs[] = {
		{ "GET", "", NULL }, { "PATCH", "", "{\"note\":\"x\"}" }, { "DELETE", "", NULL },
		{ "POST", "/reveal", "{\"field\":\"id_number\",\"reason\":\"越权查看\"}" },
	};
	for (size_t v = 0; v < sizeof(verbs) / sizeof(verbs[0]); v++) {
		struct resp r;
		req(&towna, verbs[v].method, fmt("%s%s", path, verbs[v].suffix), verbs[v].body, &r);
		EXPECT(r.status == 404, "township A %s %s%s: %ld", verbs[v].method, path, verbs[v].suffix, r.status);
		resp_free(&r);
	}
	json_t *a = get_json(&auditor, fmt("/api/v1/audit?action=denied&entity=person&entity_id=%lld", (long long)id), 200);
	EXPECT(jint(a, "total") >= 4, "the four attempts are audited: %s", jd(a));
	json_decref(a);
}

/* A party-life record of the sibling township read by id: 404, and the attempt audited where it lives. */
static void test_sibling_partylife(void)
{
	json_t *l = get_json(&admin, "/api/v1/divisions/" TOWN_B "/children?page_size=1", 200);
	const char *where = jstr(json_array_get(json_object_get(l, "items"), 0), "code");
	char division[32];
	snprintf(division, sizeof(division), "%s", where ? where : "");
	json_decref(l);
	int64_t id = create(&admin, "/api/v1/decisions",
			    fmt("{\"division\":\"%s\",\"title\":\"村道硬化\",\"content\":\"3 公里\"}", division));
	EXPECT(id > 0, "a decision in township B's village %s", division);
	struct resp r;
	req(&towna, "GET", fmt("/api/v1/decisions/%lld", (long long)id), NULL, &r);
	EXPECT(r.status == 404, "township A reads township B's decision: %ld", r.status);
	resp_free(&r);
	json_t *a = get_json(&auditor, fmt("/api/v1/audit?action=denied&entity=decision&entity_id=%lld", (long long)id), 200);
	json_t *row = json_array_get(json_object_get(a, "items"), 0);
	EXPECT(jint(a, "total") == 1 && !strcmp(jstr(row, "division"), division), "the read is audited in %s: %s", division,
	       jd(a));
	json_decref(a);
	req(&towna, "GET", "/api/v1/decisions/999999999", NULL, &r);
	EXPECT(r.status == 404, "a decision that does not exist: %ld", r.status);
	resp_free(&r);
}

/* ---- CSV exports carry no formula ------------------------------------------------------ */

static void test_csv_formulas(void)
{
	json_t *l = get_json(&county, "/api/v1/households?division=" TOWN_A "&page_size=1", 200);
	int64_t id = jint(json_array_get(json_object_get(l, "items"), 0), "id");
	json_decref(l);
	struct resp r;
	req(&county, "PATCH", fmt("/api/v1/households/%lld", (long long)id), "{\"head_name\":\"-2+3+cmd|' /C calc'!A0\"}", &r);
	EXPECT(r.status == 200, "a name that would run as a formula is stored: %ld %s", r.status, r.body);
	resp_free(&r);
	req(&county, "GET", "/api/v1/exports/households?division=" TOWN_A "&format=csv", NULL, &r);
	EXPECT(r.status == 200 && strstr(r.body, "\"'-2+3+cmd|") && !strstr(r.body, "\"-2+3+cmd|"),
	       "the CSV export quotes it: %ld", r.status);
	resp_free(&r);
}


/* ---- slow clients and transport errors ------------------------------------------------- */

static int connect_to(const struct server *s)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)s->port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

#define HEADER_DEADLINE 10

/* One header line every 8 s: the connection is closed at the header deadline
 * (not kept open by its trickle); a normal client asks every second meanwhile. */
static void test_slow_headers(void)
{
	struct server slow;
	const char *extra[] = { "--header-timeout", fmt("%d", HEADER_DEADLINE), NULL };
	if (server_start(&slow, binary, db_url, extra)) {
		EXPECT(false, "a server with a %d s header deadline starts", HEADER_DEADLINE);
		return;
	}
	int fd = connect_to(&slow);
	EXPECT(fd >= 0, "the slow client connects");
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	const char *line = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n";
	bool closed = fd < 0 || send(fd, line, strlen(line), MSG_NOSIGNAL) != (ssize_t)strlen(line);
	int lines = 0, normal = 0, answered = 0;
	double closed_at = 0, worst_ms = 0, total_ms = 0;
	while (!closed && seconds_since(&t0) < HEADER_DEADLINE + 20) {
		if (seconds_since(&t0) >= 8.0 * (lines + 1)) {   /* the next header line, 8 s after the last */
			line = fmt("X-Slow-%d: %d\r\n", lines, lines);
			if (send(fd, line, strlen(line), MSG_NOSIGNAL) != (ssize_t)strlen(line))
				closed = true;
			lines++;
		}
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (!closed && poll(&p, 1, 1000) > 0) {
			char buf[512];
			closed = recv(fd, buf, sizeof(buf), 0) <= 0;   /* any answer before the headers end is wrong too */
			EXPECT(closed, "no reply to headers that never ended");
			closed = true;
		}
		if (closed) {
			closed_at = seconds_since(&t0);
			break;
		}
		struct timespec n0;   /* a normal client meanwhile, on a connection of its own */
		clock_gettime(CLOCK_MONOTONIC, &n0);
		struct resp r;
		http(&slow, "GET", "/api/v1/health", NULL, NULL, &r);
		double ms = seconds_since(&n0) * 1e3;
		normal++;
		answered += r.status == 200;
		total_ms += ms;
		if (ms > worst_ms)
			worst_ms = ms;
		resp_free(&r);
	}
	if (fd >= 0)
		close(fd);
	EXPECT(closed, "a connection sending one header line every 8 s is closed");
	EXPECT(closed_at >= HEADER_DEADLINE - 1 && closed_at <= HEADER_DEADLINE + 5,
	       "at the %d s header deadline: closed after %.1f s (%d lines sent)", HEADER_DEADLINE, closed_at, lines);
	EXPECT(normal > 0 && answered == normal, "the normal client is answered meanwhile: %d of %d", answered, normal);
	printf("     slow headers: closed after %.1f s (deadline %d s, %d lines); normal client %d of %d answered, "
	       "mean %.1f ms, worst %.1f ms\n", closed_at, HEADER_DEADLINE, lines, answered, normal,
	       normal ? total_ms / normal : 0.0, worst_ms);
	EXPECT(server_stop(&slow) == 0, "the header-deadline server stops cleanly");
}

/* Send raw bytes on a new connection and read the whole reply (the server closes after it). */
static void raw_request(const char *text, size_t len, long *status, char *body, size_t body_len)
{
	*status = 0;
	body[0] = '\0';
	int fd = connect_to(&srv);
	if (fd < 0)
		return;
	size_t sent = 0;
	while (sent < len) {
		ssize_t n = send(fd, text + sent, len - sent, MSG_NOSIGNAL);
		if (n <= 0)
			break;
		sent += (size_t)n;
	}
	static char reply[65536];
	size_t got = 0;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	while (got + 1 < sizeof(reply) && poll(&p, 1, 5000) > 0) {
		ssize_t n = recv(fd, reply + got, sizeof(reply) - 1 - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
		reply[got] = '\0';
		const char *end = strstr(reply, "\r\n\r\n");
		const char *cl = strcasestr(reply, "\r\nContent-Length:");
		if (end && cl && cl < end && got >= (size_t)(end + 4 - reply) + strtoul(cl + 17, NULL, 10))
			break;
	}
	close(fd);
	reply[got] = '\0';
	if (strncmp(reply, "HTTP/1.", 7) == 0)
		*status = strtol(reply + 9, NULL, 10);
	const char *end = strstr(reply, "\r\n\r\n");
	snprintf(body, body_len, "%s", end ? end + 4 : "");
}

/* A JSON error body with this code and both messages? */
static bool json_error(const char *body, const char *code)
{
	json_t *j = json_loads(body, 0, NULL);
	json_t *e = json_object_get(j, "error");
	bool ok = e && !strcmp(jstr(e, "code"), code) && jstr(e, "message_zh")[0] && jstr(e, "message_en")[0];
	json_decref(j);
	return ok;
}

/* Over our own limits a request target answers a JSON 414 and a header block a JSON 431;
 * what libmicrohttpd refuses before our handler still gets a 400 (docs/security.md). */
static void test_transport_errors(void)
{
	static char text[200000], body[4096];
	long status;
	int n = snprintf(text, sizeof(text), "GET /api/v1/health?q=%09000d HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 1);
	raw_request(text, (size_t)n, &status, body, sizeof(body));
	EXPECT(status == 414 && json_error(body, "uri_too_long"), "a 9 KB request target: %ld %s", status, body);

	n = snprintf(text, sizeof(text), "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: %040000d\r\n\r\n", 1);
	raw_request(text, (size_t)n, &status, body, sizeof(body));
	EXPECT(status == 431 && json_error(body, "headers_too_large"), "40 KB of headers: %ld %s", status, body);

	n = 0;   /* many headers add up the same way */
	n += snprintf(text, sizeof(text), "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
	for (int i = 0; i < 400; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "X-H%d: %0100d\r\n", i, i);
	n += snprintf(text + n, sizeof(text) - (size_t)n, "\r\n");
	raw_request(text, (size_t)n, &status, body, sizeof(body));
	EXPECT(status == 431 && json_error(body, "headers_too_large"), "400 header lines of 100 bytes: %ld %s", status, body);

	n = snprintf(text, sizeof(text), "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Fine: %020000d\r\n\r\n", 1);
	raw_request(text, (size_t)n, &status, body, sizeof(body));
	EXPECT(status == 200, "20 KB of headers (under max-header) are served: %ld %s", status, body);

	raw_request("GARBAGE\r\n\r\n", strlen("GARBAGE\r\n\r\n"), &status, body, sizeof(body));
	EXPECT(status == 0, "a request line of one word is closed without a reply: %ld", status);
	static const char *const refused[] = {
		"GET /api/v1/health HTTX/1.1\r\nHost: 127.0.0.1\r\n\r\n",
		"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 12x\r\n\r\n",
		"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n",
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		raw_request(refused[i], strlen(refused[i]), &status, body, sizeof(body));
		EXPECT(status == 400, "libmicrohttpd refuses case %zu with 400: %ld", i, status);
	}
}

/* ---- account expiry -------------------------------------------------------------------- */

/* The China-time date days after today. */
static const char *cst_day_after(int days)
{
	time_t t = time(NULL) + 8 * 3600 + (time_t)days * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	char buf[16];
	strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	return fmt("%s", buf);
}

/* An account with an expiry date logs in up to that day; after it the login is refused (403, audited),
 * its sessions end, and the list shows it; clearing the date lets it in again. */
static void test_account_expiry(void)
{
	struct resp r;
	req(&admin, "POST", "/api/v1/users",
	    "{\"username\":\"secexpiry\",\"role\":\"viewer\",\"scopes\":[\"" COUNTY "\"],\"password\":\"" PW "\","
	    "\"expires_on\":\"2026-13-01\"}", &r);
	expect_field_error(&r, 400, "validation", "expires_on", "a month 13");
	EXPECT(r.json && !strstr(err_msg(&r, "message_zh"), "expires_on"), "the Chinese message names no field: %s", r.body);
	resp_free(&r);
	const char *tomorrow = cst_day_after(1);
	int64_t id = create(&admin, "/api/v1/users",
			    fmt("{\"username\":\"secexpiry\",\"role\":\"viewer\",\"scopes\":[\"" COUNTY "\"],"
				"\"password\":\"" PW "\",\"expires_on\":\"%s\"}", tomorrow));
	EXPECT(id > 0, "an account that expires after %s", tomorrow);
	json_t *l = get_json(&admin, "/api/v1/users?q=secexpiry", 200);
	json_t *u = find_by(json_object_get(l, "items"), "id", id);
	EXPECT(u && jstr(u, "expires_on") && !strcmp(jstr(u, "expires_on"), tomorrow) &&
	       json_is_false(json_object_get(u, "expired")), "the list shows its last day: %s", jd(l));
	json_decref(l);
	struct session s;
	EXPECT(login(&srv, "secexpiry", PW, &s) == 200, "it logs in before its last day is over");

	const char *yesterday = cst_day_after(-1);
	req(&admin, "PATCH", fmt("/api/v1/users/%lld", (long long)id), fmt("{\"expires_on\":\"%s\"}", yesterday), &r);
	EXPECT(r.status == 200 && json_is_true(json_object_get(r.json, "expired")), "expired since %s: %ld %s", yesterday,
	       r.status, r.body);
	resp_free(&r);
	struct req_opts o = as(&s);
	http(&srv, "GET", "/api/v1/me", NULL, &o, &r);
	EXPECT(r.status == 401, "its session has ended: %ld", r.status);
	resp_free(&r);
	EXPECT(login(&srv, "secexpiry", "Wrong-Pass-2026", NULL) == 401, "a wrong password learns nothing of the expiry");
	http(&srv, "POST", "/api/v1/auth/login", "{\"username\":\"secexpiry\",\"password\":\"" PW "\"}", NULL, &r);
	expect_error(&r, 403, "account_expired", "a login after the last day");
	resp_free(&r);
	json_t *a = get_json(&auditor, "/api/v1/audit?action=login_failed&username=secexpiry", 200);
	json_t *row = json_array_get(json_object_get(a, "items"), 0);
	EXPECT(row && strstr(jstr(row, "detail"), fmt("account expired on %s", yesterday)), "the refusal is audited: %s", jd(a));
	json_decref(a);

	req(&admin, "PATCH", fmt("/api/v1/users/%lld", (long long)id), "{\"expires_on\":null}", &r);
	EXPECT(r.status == 200 && json_is_null(json_object_get(r.json, "expires_on")), "the date cleared: %ld %s", r.status,
	       r.body);
	resp_free(&r);
	EXPECT(login(&srv, "secexpiry", PW, NULL) == 200, "it logs in again");
}

/* ---- audit retention ------------------------------------------------------------------- */

/* The date (UTC) days after today on the real clock, for the audit list's from/to. */
static const char *day_after(int days)
{
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	char buf[16];
	strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	return fmt("%s", buf);
}

/* Audit rows of the national auditor's logins between two days (relative to today), as a server at that clock sees them. */
static int64_t logins_between(const struct server *s, const struct session *sess, int from, int to)
{
	json_t *a = get_json_as(s, sess, fmt("/api/v1/audit?username=secnataudit&action=login&from=%s&to=%s", day_after(from),
					       day_after(to)), 200);
	int64_t n = jint(a, "total");
	json_decref(a);
	return n;
}

/* Rows older than audit-retention-days go in the daily purge (the first request runs it), younger ones stay;
 * a retention under 180 days is refused. */
static void test_audit_retention(void)
{
	char err[512];
	const char *low[] = { "--audit-retention-days", "179", "migrate", NULL };
	EXPECT(cli_run(binary, db_url, NULL, low, err, sizeof(err)) != 0 && strstr(err, "audit-retention-days"),
	       "a retention of 179 days is refused: %s", err);
	const char *add[] = { "user", "add", "--username", "secnataudit", "--role", "auditor", "--division", "all",
			      "--password-stdin", NULL };
	EXPECT(cli_run(binary, db_url, PW "\n", add, err, sizeof(err)) == 0, "a national auditor: %s", err);
	struct server ret;
	const char *extra[] = { "--audit-retention-days", "180", NULL };
	if (server_start(&ret, binary, db_url, extra)) {
		EXPECT(false, "a server with 180 days of audit retention starts");
		return;
	}
	struct session s;
	server_advance_clock(&ret, -400 * 86400);   /* 400 days ago: a login */
	EXPECT(login(&ret, "secnataudit", PW, &s) == 200, "the auditor logs in 400 days ago");
	EXPECT(logins_between(&ret, &s, -402, -398) >= 1, "its audit row is there");
	server_advance_clock(&ret, 300 * 86400);    /* 100 days ago: the purge is due; the row is 300 days old */
	EXPECT(login(&ret, "secnataudit", PW, &s) == 200, "the auditor logs in 100 days ago");
	EXPECT(logins_between(&ret, &s, -402, -398) == 0, "the 300-day-old row is purged");
	EXPECT(logins_between(&ret, &s, -102, -98) >= 1, "the new row is there");
	json_t *p = get_json_as(&ret, &s, "/api/v1/audit?action=audit_purge", 200);
	json_t *row = json_array_get(json_object_get(p, "items"), 0);
	EXPECT(jint(p, "total") >= 1 && row && strstr(jstr(row, "detail"), "retention 180 days"), "the purge is audited: %s",
	       jd(p));
	json_decref(p);
	server_advance_clock(&ret, 100 * 86400);    /* today: the purge is due again; the row is 100 days old */
	EXPECT(login(&ret, "secnataudit", PW, &s) == 200, "the auditor logs in today");
	EXPECT(logins_between(&ret, &s, -102, -98) >= 1, "the 100-day-old row stays");
	EXPECT(logins_between(&ret, &s, -1, 1) >= 1, "today's rows stay");
	EXPECT(server_stop(&ret) == 0, "the retention server stops cleanly");
}

static int setup(void)
{
	char err[4096];
	const char *demo[] = { "demo", "--county", COUNTY, "--data-dir", "data/divisions", "--skip",
			       "requests,partylife,worklists", NULL };
	if (cli_run(binary, db_url, NULL, demo, err, sizeof(err))) {
		fprintf(stderr, "api_security: demo: %s\n", err);
		return -1;
	}
	for (size_t i = 0; i < NACCOUNTS; i++) {
		const char *args[] = { "user", "add", "--username", accounts[i].name, "--role", accounts[i].role, "--division",
				       accounts[i].division, "--password-stdin", NULL };
		if (cli_run(binary, db_url, PW "\n", args, err, sizeof(err))) {
			fprintf(stderr, "api_security: user add %s: %s\n", accounts[i].name, err);
			return -1;
		}
	}
	if (server_start(&srv, binary, db_url, NULL))
		return -1;
	for (size_t i = 0; i < NACCOUNTS; i++)
		if (login(&srv, accounts[i].name, PW, accounts[i].s) != 200) {
			fprintf(stderr, "api_security: %s cannot log in\n", accounts[i].name);
			return -1;
		}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct api_test tests[] = {
		{ "role grants", test_role_grants },
		{ "settings by place", test_settings_by_place },
		{ "no unmasked ID number or phone for any role", test_pii_scan },
		{ "every view of a health status audited", test_health_views_audited },
		{ "a sibling's record: 404 to every verb, audited", test_sibling_record },
		{ "a sibling's party-life record: GET audited", test_sibling_partylife },
		{ "CSV cells that would run as formulas", test_csv_formulas },
		{ "transport errors in JSON", test_transport_errors },
		{ "account expiry", test_account_expiry },
		{ "audit retention: only rows past it purged", test_audit_retention },
		{ "slow headers cut off at the deadline, others served", test_slow_headers },
	};
	const struct api_program p = { "api_security", &binary, db_url, sizeof(db_url), NULL, 0, &srv, setup, NULL,
				       tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
