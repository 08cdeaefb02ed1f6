/*
 * visit_photos.c - a visit's photos: JPEG or PNG only, checked by their
 * content (the magic bytes, the header's dimensions read by walking the
 * PNG's IHDR chunk or the JPEG's segments up to its frame header, and a
 * complete file: PNG's IEND, JPEG's EOI), at most PHOTO_MAX_BYTES, stored
 * outside the database as a file named by its SHA-256 under the photo
 * directory (setting photo-dir; by default beside the SQLite database,
 * PATH.photos, or ./lianxin-photos on PostgreSQL).  The database keeps the
 * hash, so the same photo sent twice (a phone's resend) is one file and
 * one row.  A photo is read back through its visit, in the caller's scope,
 * a cadre its own visits' only.
 */
#include "modules/pairings/visits.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/audit.h"
#include "model/env.h"
#include "modules/pairings/pairings_entities.h"

#define PHOTO_MAX_BYTES (4 * 1024 * 1024)   /* a phone downscales before sending: this is generous */
#define PHOTO_MAX_SIDE 20000                  /* pixels, either side */
#define PHOTOS_PER_VISIT 9

/* ---- reading the image's header ------------------------------------------------------------ */

struct image {
	const char *mime, *ext;
	int64_t width, height;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* A PNG: the signature, an IHDR chunk first with its CRC right, and the IEND chunk last. */
static bool png_read(const unsigned char *b, size_t n, struct image *img)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	static const unsigned char iend[12] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82 };
	if (n < 8 + 25 + 12 || memcmp(b, sig, 8) || be32(b + 8) != 13 || memcmp(b + 12, "IHDR", 4))
		return false;
	if (crc32(crc32(0L, Z_NULL, 0), b + 12, 17) != be32(b + 29) || memcmp(b + n - 12, iend, 12))
		return false;
	img->width = be32(b + 16);
	img->height = be32(b + 20);
	img->mime = "image/png";
	img->ext = "png";
	return true;
}

/* A JPEG: SOI, segments with their lengths up to a frame header (SOF0..SOF15 but DHT, JPG, DAC), EOI last. */
static bool jpeg_read(const unsigned char *b, size_t n, struct image *img)
{
	if (n < 4 || b[0] != 0xff || b[1] != 0xd8 || b[n - 2] != 0xff || b[n - 1] != 0xd9)
		return false;
	size_t p = 2;
	while (p + 4 <= n) {
		if (b[p] != 0xff)
			return false;
		while (p < n && b[p] == 0xff)
			p++;
		if (p >= n)
			return false;
		unsigned m = b[p++];
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd7))
			continue;   /* markers without a length */
		if (m == 0xd8 || m == 0xd9 || m == 0xda || p + 2 > n)
			return false;   /* image data or the end before any frame header */
		unsigned len = be16(b + p);
		if (len < 2 || p + len > n)
			return false;
		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
			if (len < 8)
				return false;
			img->height = be16(b + p + 3);
			img->width = be16(b + p + 5);
			img->mime = "image/jpeg";
			img->ext = "jpg";
			return true;
		}
		p += len;
	}
	return false;
}

/* 0 with *img, or the reply's status: not an image of the two types, broken, or of no size. */
static int image_check(struct req *r, const unsigned char *b, size_t n, struct image *img)
{
	if (n == 0)
		return reply_error_msg(r, ERR_MISSING_FIELD, "请上传照片", "Send the photo as the body", "photo");
	if (n > PHOTO_MAX_BYTES)
		return reply_error_msg(r, ERR_TOO_LARGE, "照片不能超过 4 MB", "A photo is at most 4 MiB", "photo");
	bool png_magic = n >= 4 && b[0] == 0x89 && !memcmp(b + 1, "PNG", 3);
	bool jpeg_magic = n >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff;
	if (!png_magic && !jpeg_magic)
		return reply_error_msg(r, ERR_MEDIA_TYPE, "只接受 JPEG 或 PNG 格式的照片", "Only JPEG or PNG photos are accepted", "photo");
	if (!(png_magic ? png_read(b, n, img) : jpeg_read(b, n, img)))
		return reply_error_msg(r, ERR_VALIDATION, "照片文件已损坏或不完整", "The photo is damaged or incomplete", "photo");
	if (img->width < 1 || img->height < 1 || img->width > PHOTO_MAX_SIDE || img->height > PHOTO_MAX_SIDE)
		return reply_error_msg(r, ERR_VALIDATION, "照片尺寸不正确", "The photo's dimensions are out of range", "photo");
	return 0;
}

/* ---- the files ------------------------------------------------------------------------ */

/* The photo directory: the setting, else beside the SQLite database, else ./lianxin-photos. */
static const char *photo_dir(struct req *r)
{
	const struct config *cfg = r->env ? r->env->cfg : NULL;
	if (cfg && cfg->photo_dir && cfg->photo_dir[0])
		return cfg->photo_dir;
	if (cfg && cfg->db && !strncmp(cfg->db, "sqlite:", 7))
		return arena_printf(r->arena, "%s.photos", cfg->db + 7);
	return "lianxin-photos";
}

static const char *photo_path(struct req *r, const char *sha, const char *ext)
{
	return arena_printf(r->arena, "%s/%.2s/%s.%s", photo_dir(r), sha, sha, ext);
}

static int make_dir(const char *path)
{
	return mkdir(path, 0750) == 0 || errno == EEXIST ? 0 : -1;
}

/* Write the photo once: an existing file of the hash is kept; a new one goes in through a rename. */
static int photo_store(struct req *r, const char *sha, const struct image *img, const unsigned char *b, size_t n)
{
	const char *dir = photo_dir(r), *sub = arena_printf(r->arena, "%s/%.2s", dir, sha), *path = photo_path(r, sha, img->ext);
	struct stat st;
	if (stat(path, &st) == 0 && (size_t)st.st_size == n)
		return 0;
	if (make_dir(dir) || make_dir(sub)) {
		log_error("visit photo: cannot create %s: %s", sub, strerror(errno));
		return -1;
	}
	const char *tmp = arena_printf(r->arena, "%s/.%s.%ld.tmp", sub, sha, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	size_t done = 0;
	while (fd >= 0 && done < n) {
		ssize_t w = write(fd, b + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	int ok = fd >= 0 && done == n && fsync(fd) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	if (ok && rename(tmp, path) == 0)
		return 0;
	log_error("visit photo: cannot write %s: %s", path, strerror(errno));
	unlink(tmp);
	return -1;
}

/* ---- the handlers ------------------------------------------------------------------------ */

/* The visit of path parameter 0 in the caller's scope (a cadre: its own), its division into out (64). */
static int visit_of(struct req *r, int64_t *id, char out[64])
{
	int st = req_path_id(r, 0, id);
	if (st)
		return st;
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT t.division, t.person_id FROM visits t WHERE t.id = ");
	sqlbuf_int(&b, *id);
	sqlbuf_add(&b, " AND ");
	scope_where(&b, r->user, "t.division");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	int rc = q ? db_step(q) : DB_ERROR;
	int64_t person = 0;
	if (rc == DB_ROW) {
		snprintf(out, 64, "%s", db_column_text(q, 0));
		person = db_column_int(q, 1);
	}
	db_finalize(q);
	if (rc != DB_ROW)
		return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	if (pairing_is_cadre(r) && (person == 0 || person != pairing_cadre_person(r)))
		return reply_error(r, ERR_NOT_FOUND, NULL);
	return 0;
}

static json_t *photo_json(struct req *r, int64_t visit, struct db_stmt *q)
{
	const char *sha = db_column_text(q, 1);
	return json_pack("{s:I, s:I, s:s, s:s, s:I, s:I, s:I, s:s}", "id", (json_int_t)db_column_int(q, 0), "visit_id", (json_int_t)visit,
			 "sha256", sha, "mime", db_column_text(q, 2), "width", (json_int_t)db_column_int(q, 3), "height",
			 (json_int_t)db_column_int(q, 4), "size", (json_int_t)db_column_int(q, 5), "url",
			 arena_printf(r->arena, "/api/v1/visits/%lld/photos/%s", (long long)visit, sha));
}

#define PHOTO_COLUMNS "id, sha256, mime, width, height, size"

/*
 * POST /visits/:id/photos with the image as the body: 201 with the photo,
 * or 200 with the one stored already when the same image comes again.
 */
int visit_photos_upload(struct req *r)
{
	int64_t visit;
	char division[64];
	int st = visit_of(r, &visit, division);
	if (st)
		return st;
	const unsigned char *b = (const unsigned char *)r->body;
	size_t n = r->body ? r->body_len : 0;
	struct image img = { 0 };
	st = image_check(r, b, n, &img);
	if (st)
		return st;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char sha[crypto_hash_sha256_BYTES * 2 + 1];
	crypto_hash_sha256(digest, b, n);
	sodium_bin2hex(sha, sizeof(sha), digest, sizeof(digest));
	struct db_stmt *q = db_query(r->db, "SELECT " PHOTO_COLUMNS " FROM visit_photos WHERE visit_id = $1 AND sha256 = $2", "it",
				     visit, sha);
	int rc = q ? db_step(q) : DB_ERROR;
	if (rc == DB_ROW) {
		json_t *o = photo_json(r, visit, q);
		db_finalize(q);
		return reply_json(r, 200, o);
	}
	db_finalize(q);
	if (rc != DB_DONE)
		return reply_error(r, ERR_INTERNAL, NULL);
	int64_t count = 0;
	if (db_query_int(r->db, &count, "SELECT COUNT(*) FROM visit_photos WHERE visit_id = $1", "i", visit) != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (count >= PHOTOS_PER_VISIT)
		return reply_error_msg(r, ERR_CONFLICT, "每次走访最多 9 张照片", "A visit has at most 9 photos", "photo");
	if (photo_store(r, sha, &img, b, n))
		return reply_error(r, ERR_INTERNAL, NULL);
	rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = db_exec(r->db, "INSERT INTO visit_photos (visit_id, division, sha256, mime, width, height, size, created_by, created_at)"
				    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", "itttiiiii", visit, division, sha, img.mime,
			     img.width, img.height, (int64_t)n, r->user->id, clock_now());
	json_t *after = json_pack("{s:s, s:s, s:I, s:I, s:I}", "sha256", sha, "mime", img.mime, "width", (json_int_t)img.width,
				  "height", (json_int_t)img.height, "size", (json_int_t)n);
	struct audit_entry e = { .action = "add_photo", .entity = "visit", .entity_id = arena_printf(r->arena, "%lld", (long long)visit),
				 .division = division, .after = after };
	st = audit_commit_reply(r, rc, &e);
	json_decref(after);
	if (st)
		return st;
	q = db_query(r->db, "SELECT " PHOTO_COLUMNS " FROM visit_photos WHERE visit_id = $1 AND sha256 = $2", "it", visit, sha);
	if (q == NULL || db_step(q) != DB_ROW) {
		db_finalize(q);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	json_t *o = photo_json(r, visit, q);
	db_finalize(q);
	return reply_json(r, 201, o);
}

int visit_photos_list(struct req *r)
{
	int64_t visit;
	char division[64];
	int st = visit_of(r, &visit, division);
	if (st)
		return st;
	struct db_stmt *q = db_query(r->db, "SELECT " PHOTO_COLUMNS " FROM visit_photos WHERE visit_id = $1 ORDER BY id", "i", visit);
	json_t *items = json_array();
	int rc = DB_ERROR;
	while (q && (rc = db_step(q)) == DB_ROW)
		json_array_append_new(items, photo_json(r, visit, q));
	db_finalize(q);
	if (q == NULL || rc != DB_DONE) {
		json_decref(items);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	return reply_json(r, 200, json_pack("{s:I, s:o, s:I}", "visit_id", (json_int_t)visit, "items", items, "total",
					    (json_int_t)json_array_size(items)));
}

/* GET /visits/:id/photos/:sha256: the image itself, when the visit holds it. */
int visit_photo_get(struct req *r)
{
	int64_t visit;
	char division[64];
	int st = visit_of(r, &visit, division);
	if (st)
		return st;
	const char *sha = r->nparams > 1 ? r->params[1] : "";
	if (strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64)
		return reply_error(r, ERR_NOT_FOUND, NULL);
	struct db_stmt *q = db_query(r->db, "SELECT mime FROM visit_photos WHERE visit_id = $1 AND sha256 = $2", "it", visit, sha);
	int rc = q ? db_step(q) : DB_ERROR;
	const char *mime = rc == DB_ROW ? arena_strdup(r->arena, db_column_text(q, 0)) : NULL;
	db_finalize(q);
	if (rc != DB_ROW)
		return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	const char *path = photo_path(r, sha, strcmp(mime, "image/png") ? "jpg" : "png");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		log_error("visit photo: cannot read %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return reply_error_msg(r, ERR_NOT_FOUND, "照片文件不存在", "The photo's file is missing", NULL);
	}
	r->out_fd = fd;
	r->out_fd_size = sb.st_size;
	r->out_type = mime;
	req_add_header(r, "Cache-Control", "private, max-age=86400");
	req_add_header(r, "X-Content-Type-Options", "nosniff");
	return 200;
}
