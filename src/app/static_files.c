/* static_files.c - files under web-root, opened with O_NOFOLLOW: the precompressed copy (.br, .gz) the
 * client takes, hashed assets cached for a year, every other file (index.html) revalidated by ETag; a page
 * address answered by its own HTML file when it has one (the public request form: public-request.html, no
 * Vue), by index.html (the Vue app) otherwise; a page's preload hints (Link header) from
 * web-root/preload/<page>.link, written at build (web/preload-links.mjs). */
#include "app/static_files.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/encoding.h"
#include "http/reply.h"

static const char *const mime_types[][2] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".webmanifest", "application/manifest+json" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".jpg", "image/jpeg" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".woff", "font/woff" },
	{ ".ttf", "font/ttf" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".map", "application/json" },
};

static const char *mime_for(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof(mime_types) / sizeof(mime_types[0]); i++)
			if (strcmp(dot, mime_types[i][0]) == 0)
				return mime_types[i][1];
	return "application/octet-stream";
}

/* Open root/rel if it is a regular file inside root; -1 otherwise. */
static int open_inside(const char *root_real, const char *rel, struct stat *sb)
{
	char joined[PATH_MAX], real[PATH_MAX];
	int n = snprintf(joined, sizeof(joined), "%s/%s", root_real, rel);
	if (n < 0 || (size_t)n >= sizeof(joined))
		return -1;
	if (realpath(joined, real) == NULL)
		return -1;
	size_t rlen = strlen(root_real);
	if (strncmp(real, root_real, rlen) || (real[rlen] != '/' && real[rlen] != '\0'))
		return -1;
	int fd = open(real, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, sb) || !S_ISREG(sb->st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* page addresses (no leading or trailing '/') built as a page of their own (web/vite.config.js's inputs) */
static const char *const own_pages[][2] = {
	{ "public/request", "public-request.html" },
};

/* The HTML file of the page address rel: its own page when the build wrote one, else index.html. */
static const char *page_file(const char *rel, const char *root_real, struct stat *sb, int *fd)
{
	size_t n = strlen(rel);
	while (n && rel[n - 1] == '/')
		n--;
	for (size_t i = 0; i < sizeof(own_pages) / sizeof(own_pages[0]); i++) {
		if (strlen(own_pages[i][0]) != n || strncmp(rel, own_pages[i][0], n) != 0)
			continue;
		*fd = open_inside(root_real, own_pages[i][1], sb);
		if (*fd >= 0)
			return own_pages[i][1];
	}
	*fd = open_inside(root_real, "index.html", sb);
	return "index.html";
}

enum { PRELOAD_KEY_MAX = 64, PRELOAD_LINK_MAX = 4096 };

/* The Link header of the page at rel (index.html served for an address such as public/request or m):
 * web-root/preload/<rel with '/' as '-'>.link, written by the build; nothing when there is none or it is not
 * one line of plain ASCII. */
static void add_preload_link(struct req *r, const char *root_real, const char *rel)
{
	char key[PRELOAD_KEY_MAX + 1];
	size_t n = 0;
	for (const char *p = rel; *p; p++) {
		char c = *p == '/' ? '-' : *p;
		if (n == PRELOAD_KEY_MAX || !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return;
		key[n++] = c;
	}
	while (n && key[n - 1] == '-')
		n--;
	if (n == 0)
		return;
	key[n] = '\0';
	struct stat sb;
	int fd = open_inside(root_real, arena_printf(r->arena, "preload/%s.link", key), &sb);
	if (fd < 0)
		return;
	char *buf = NULL;
	ssize_t got = -1;
	if (sb.st_size > 0 && sb.st_size <= PRELOAD_LINK_MAX) {
		buf = arena_alloc(r->arena, (size_t)sb.st_size + 1);
		got = read(fd, buf, (size_t)sb.st_size);
	}
	close(fd);
	if (got != (ssize_t)sb.st_size || buf == NULL)
		return;
	while (got > 0 && (buf[got - 1] == '\n' || buf[got - 1] == ' '))
		got--;
	buf[got] = '\0';
	for (ssize_t i = 0; i < got; i++)
		if (buf[i] < 0x20 || buf[i] > 0x7e)
			return;
	if (got > 0)
		req_add_header(r, "Link", buf);
}

int static_files_serve(struct req *r, const char *root)
{
	char root_real[PATH_MAX];
	if (realpath(root, root_real) == NULL)
		return reply_error_msg(r, ERR_NOT_FOUND, "网页界面尚未构建（web/dist）",
				       "The web UI has not been built (web/dist)", NULL);
	const char *rel = r->path;
	while (*rel == '/')
		rel++;
	bool bad = strstr(rel, "..") != NULL || strchr(rel, '\\') != NULL;
	struct stat sb;
	int fd = -1;
	const char *served = rel;
	if (!bad && *rel)
		fd = open_inside(root_real, rel, &sb);
	if (fd < 0) {
		/* an asset that does not exist is a real 404; any other path is a page */
		if (bad || strncmp(rel, "assets/", 7) == 0)
			return reply_error(r, ERR_NOT_FOUND, NULL);
		served = page_file(rel, root_real, &sb, &fd);
		if (fd < 0)
			return reply_error_msg(r, ERR_NOT_FOUND, "网页界面尚未构建（web/dist）",
					       "The web UI has not been built (web/dist)", NULL);
		add_preload_link(r, root_real, rel);
	}
	/* the Brotli or gzip copy built beside the file (web/compress.mjs), when the client takes it */
	static const char *const codings[][2] = { { "br", ".br" }, { "gzip", ".gz" } };
	const char *coding = NULL;
	bool has_copy = false;
	for (size_t i = 0; i < sizeof(codings) / sizeof(codings[0]); i++) {
		struct stat zsb;
		int zfd = open_inside(root_real, arena_printf(r->arena, "%s%s", served, codings[i][1]), &zsb);
		if (zfd < 0)
			continue;
		has_copy = true;
		if (coding == NULL && encoding_accepts(r, codings[i][0])) {
			close(fd);
			fd = zfd;
			sb = zsb;
			coding = codings[i][0];
		} else {
			close(zfd);
		}
	}
	if (has_copy)
		req_add_header(r, "Vary", "Accept-Encoding");
	r->out_type = mime_for(served);
	if (strncmp(served, "assets/", 7) == 0) {
		req_add_header(r, "Cache-Control", "public, max-age=31536000, immutable");
	} else {
		/* index.html, sw.js, the manifest: kept, but asked again each time (304 when unchanged) */
		const char *etag = arena_printf(r->arena, "\"%llx-%llx%s%s\"", (unsigned long long)sb.st_size,
						(unsigned long long)sb.st_mtim.tv_sec * 1000000000ull +
							(unsigned long long)sb.st_mtim.tv_nsec,
						coding ? "-" : "", coding ? coding : "");
		req_add_header(r, "Cache-Control", "no-cache");
		req_add_header(r, "ETag", etag);
		if (encoding_not_modified(r, etag)) {
			close(fd);
			if (coding)
				req_add_header(r, "Content-Encoding", coding);
			r->out_body = "";
			r->out_len = 0;
			return 304;
		}
	}
	if (coding)
		req_add_header(r, "Content-Encoding", coding);
	r->out_fd = fd;
	r->out_fd_size = (int64_t)sb.st_size;
	return 200;
}
