/* xlsx_write.c - tables to XLSX (libxlsxwriter, on a writer thread for a long sheet) or CSV in a temporary file. */
#include "core/xlsx_write.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zlib.h>

#include "core/mem.h"

/*
 * A long XLSX sheet is written on two cores: the caller's thread reads and
 * formats the rows (SQL, decryption, masks) and copies each row's cells into
 * a batch; a writer thread, started when the first batch fills, hands the
 * batches' cells to libxlsxwriter, the larger part of a row's cost
 * (docs/performance.md, branch xlsx7).  The batches go through a bounded
 * queue: at most SHEET_BATCHES exist, each owned by one thread at a time
 * (nothing else is shared: no arena, the workbook only the writer's while it
 * runs), so memory stays flat however many rows there are.  A sheet of fewer
 * than SHEET_BATCH_ROWS rows is written by the caller's thread at the end,
 * with no thread.  The writer's failure is seen by the caller's next row or
 * by sheet_writer_finish.
 */
#define SHEET_BATCH_ROWS 256
#define SHEET_ROWS_BUF (256 * 1024)
#define SHEET_BATCHES 4

/* Rows of cells: row i's cells are cell[first[i] .. first[i + 1]) (first[nrows]
 * = ncells); a cell is text + off (off < 0: NULL) with its flags. */
struct sheet_batch {
	struct sheet_batch *next;
	int nrows, ncells, cell_cap;
	int row[SHEET_BATCH_ROWS];
	int first[SHEET_BATCH_ROWS + 1];
	long *off;
	unsigned *flags;
	char *text;
	size_t len, cap;
};

struct sheet_writer {
	enum sheet_format fmt;
	char path[512];
	FILE *csv;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bad, *bold;
	char *rows_buf;   /* the stdio buffer of libxlsxwriter's file of rows (freed after it closes) */
	int last_row;
	bool failed;
	/* XLSX: the batch being filled (the caller's) and the queue to the writer */
	struct sheet_batch *fill;
	pthread_t writer;
	bool threaded;
	pthread_mutex_t mu;
	pthread_cond_t can_fill, can_write;   /* a batch is free; a batch is full or the end has come */
	struct sheet_batch *full, *full_tail, *free_list;   /* under mu */
	int nbatches;                                       /* under mu: how many exist */
	bool done;                                          /* under mu: no more batches will come */
	bool write_failed;                                  /* under mu: libxlsxwriter refused a cell */
};

/*
 * The deflate level of a workbook's parts.  libxlsxwriter (1.1.4, the
 * installed one) zips with minizip at zlib's default level 6 and offers no
 * option for it; deflating the sheet was 38 % of a 115,000-row export's CPU.
 * Level 1 deflates the same XML three times faster for a file about 18 %
 * larger (docs/performance.md, branch export5).  So this file defines zlib's
 * deflateInit2_, which minizip calls through the dynamic linker: while this
 * thread closes a workbook (zip_level set), a raw deflate stream (negative
 * window bits: a zip entry's) starts at SHEET_ZIP_LEVEL; every other stream
 * of the process (HTTP gzip, other threads) passes through unchanged.
 */
#define SHEET_ZIP_LEVEL 1

static _Thread_local int zip_level;

typedef int (*deflate_init_fn)(z_streamp, int, int, int, int, int, const char *, int);

static deflate_init_fn real_deflate_init;
static pthread_once_t real_deflate_once = PTHREAD_ONCE_INIT;

static void find_real_deflate_init(void)
{
	void *sym = dlsym(RTLD_NEXT, "deflateInit2_");
	if (sym)
		memcpy(&real_deflate_init, &sym, sizeof(real_deflate_init));   /* ISO C has no object-to-function pointer cast */
}

int deflateInit2_(z_streamp strm, int level, int method, int window_bits, int mem_level, int strategy,
		  const char *version, int stream_size)
{
	pthread_once(&real_deflate_once, find_real_deflate_init);
	deflate_init_fn real = real_deflate_init;
	if (real == NULL)
		return Z_STREAM_ERROR;
	if (zip_level && window_bits < 0)
		level = zip_level;
	return real(strm, level, method, window_bits, mem_level, strategy, version, stream_size);
}

/*
 * Two of libxlsxwriter's string helpers, which it calls through the dynamic
 * linker (as minizip calls deflateInit2_ above), defined here with the same
 * results for less work; on the writer thread they were a fifth of a row's
 * cost (docs/performance.md, branch xlsx7):
 * - lxw_has_control_characters in 1.1.4 reads on to the string's NUL and
 *   takes it for a control character, so every string cell was "escaped"
 *   into a zeroed buffer seven times its size; this one answers for the
 *   characters lxw_escape_control_characters replaces (0x01-0x1F but tab
 *   and newline), so a string without one is copied as it is, which is the
 *   same text;
 * - lxw_escape_data zeroes a buffer five times the string's size for every
 *   cell; this one copies a string without &, < or > as it is and escapes
 *   the others alike (the caller frees the result with free()).
 */
uint8_t lxw_has_control_characters(const char *string)
{
	for (const unsigned char *p = (const unsigned char *)string; *p; p++)
		if (*p < 0x20 && *p != '\t' && *p != '\n')
			return 1;
	return 0;
}

char *lxw_escape_data(const char *data)
{
	size_t plain = strcspn(data, "&<>"), len = plain + strlen(data + plain);
	char *out = xmalloc(data[plain] ? 5 * len + 1 : len + 1), *o = out;
	memcpy(o, data, plain);
	o += plain;
	for (const char *p = data + plain; *p; p++) {
		const char *esc = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : NULL;
		if (esc) {
			size_t n = strlen(esc);
			memcpy(o, esc, n);
			o += n;
		} else
			*o++ = *p;
	}
	*o = '\0';
	return out;
}

const char *sheet_content_type(enum sheet_format fmt)
{
	return fmt == SHEET_XLSX ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
				 : "text/csv; charset=utf-8";
}

static int temp_file(char *path, size_t len)
{
	const char *dir = getenv("TMPDIR");
	snprintf(path, len, "%s/lianxin-sheet-XXXXXX", dir && *dir ? dir : "/tmp");
	return mkstemp(path);
}

/* Free w (its batches and thread already gone). */
static void writer_free(struct sheet_writer *w)
{
	free(w->rows_buf);
	if (w->fmt == SHEET_XLSX) {
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->can_fill);
		pthread_cond_destroy(&w->can_write);
	}
	free(w);
}

struct sheet_writer *sheet_writer_open(enum sheet_format fmt, const char *sheet_name, char *err, size_t errlen)
{
	struct sheet_writer *w = xcalloc(1, sizeof(*w));
	w->fmt = fmt;
	w->last_row = -1;
	int fd = temp_file(w->path, sizeof(w->path));
	if (fd < 0) {
		snprintf(err, errlen, "temporary file: %s", strerror(errno));
		free(w);
		return NULL;
	}
	if (fmt == SHEET_CSV) {
		w->csv = fdopen(fd, "w+b");
		if (w->csv == NULL) {
			snprintf(err, errlen, "temporary file: %s", strerror(errno));
			close(fd);
			unlink(w->path);
			free(w);
			return NULL;
		}
		unlink(w->path);   /* the descriptor keeps it */
		w->path[0] = '\0';
		fputs("\xEF\xBB\xBF", w->csv);
		return w;
	}
	close(fd);   /* libxlsxwriter opens the path itself */
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->can_fill, NULL);
	pthread_cond_init(&w->can_write, NULL);
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE };
	w->wb = workbook_new_opt(w->path, &opt);
	w->ws = w->wb ? workbook_add_worksheet(w->wb, sheet_name) : NULL;
	if (w->ws == NULL) {
		snprintf(err, errlen, "cannot create the workbook");
		sheet_writer_discard(w);
		return NULL;
	}
	/* the rows' XML (1.4 KB a member) goes to a temporary file through stdio: in large writes,
	 * not one system call per 4 KB (glibc ignores the size unless given the buffer) */
	if (w->ws->optimize_tmpfile) {
		w->rows_buf = xmalloc(SHEET_ROWS_BUF);
		if (setvbuf(w->ws->optimize_tmpfile, w->rows_buf, _IOFBF, SHEET_ROWS_BUF)) {
			free(w->rows_buf);
			w->rows_buf = NULL;
		}
	}
	w->bad = workbook_add_format(w->wb);
	format_set_bg_color(w->bad, 0xFFC7CE);
	format_set_font_color(w->bad, 0x9C0006);
	format_set_pattern(w->bad, LXW_PATTERN_SOLID);
	w->bold = workbook_add_format(w->wb);
	format_set_bold(w->bold);
	format_set_bg_color(w->bold, 0xD9D9D9);
	format_set_pattern(w->bold, LXW_PATTERN_SOLID);
	return w;
}

void sheet_writer_width(struct sheet_writer *w, int col, double width)
{
	if (w->ws && !w->threaded)   /* the workbook is the writer thread's once it runs */
		worksheet_set_column(w->ws, (lxw_col_t)col, (lxw_col_t)col, width, NULL);
}

bool sheet_text_runs_as_formula(const char *s)
{
	if (s[0] == '=' || s[0] == '+' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')
		return true;
	if (s[0] != '-')
		return false;
	/* only a plain negative number ("-12", "-3.5") stays as it is: "-2+3+cmd|..." runs */
	const char *p = s + 1;
	if (!isdigit((unsigned char)*p))
		return true;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.' && isdigit((unsigned char)p[1]))
		for (p++; isdigit((unsigned char)*p); p++)
			;
	return *p != '\0';
}

/* One quoted field: the runs between double quotes written whole (a byte at
 * a time through the stream's lock was most of a CSV export's time). */
static void csv_field(FILE *fp, const char *s)
{
	fputc_unlocked('"', fp);
	if (sheet_text_runs_as_formula(s))
		fputc_unlocked('\'', fp);
	for (;;) {
		const char *q = strchrnul(s, '"');
		fwrite_unlocked(s, 1, (size_t)(q - s), fp);
		if (*q == '\0')
			break;
		fputs_unlocked("\"\"", fp);
		s = q + 1;
	}
	fputc_unlocked('"', fp);
}

/* One row's cells to libxlsxwriter (the writer's thread, or the caller's
 * when there is none).  0 or -1. */
static int xlsx_cells(struct sheet_writer *w, int row, const char *const *cells, const unsigned *flags, int n)
{
	for (int i = 0; i < n; i++) {
		unsigned fl = flags ? flags[i] : 0;
		const char *v = cells[i] ? cells[i] : "";
		lxw_format *fmt = (fl & SHEET_BAD) ? w->bad : (fl & SHEET_BOLD) ? w->bold : NULL;
		lxw_error e = LXW_NO_ERROR;
		char *end = NULL;
		double d = 0;
		if ((fl & SHEET_NUMBER) && *v) {
			d = strtod(v, &end);
			if (*end)
				end = NULL;
		}
		if (end)
			e = worksheet_write_number(w->ws, (lxw_row_t)row, (lxw_col_t)i, d, fmt);
		else if (*v)
			e = worksheet_write_string(w->ws, (lxw_row_t)row, (lxw_col_t)i, v, fmt);
		else if (fmt)
			e = worksheet_write_blank(w->ws, (lxw_row_t)row, (lxw_col_t)i, fmt);
		if (e != LXW_NO_ERROR)
			return -1;
	}
	return 0;
}

/* A batch's rows to libxlsxwriter.  0 or -1. */
static int batch_write(struct sheet_writer *w, const struct sheet_batch *b)
{
	const char *small[64], **cells = small;
	int cap = 64, rc = 0;
	for (int r = 0; r < b->nrows && rc == 0; r++) {
		int first = b->first[r], n = b->first[r + 1] - first;
		if (n > cap) {
			if (cells != small)
				free(cells);
			cap = n;
			cells = xmalloc((size_t)cap * sizeof(*cells));
		}
		for (int i = 0; i < n; i++)
			cells[i] = b->off[first + i] < 0 ? NULL : b->text + b->off[first + i];
		rc = xlsx_cells(w, b->row[r], cells, b->flags + first, n);
	}
	if (cells != small)
		free(cells);
	return rc;
}

static void batch_free(struct sheet_batch *b)
{
	if (b == NULL)
		return;
	free(b->off);
	free(b->flags);
	free(b->text);
	free(b);
}

/* The writer thread: full batches to libxlsxwriter, in the order they were
 * queued, each then put back on the free list; after a failure the rest are
 * only put back.  Ends when the caller says done and the queue is empty. */
static void *writer_main(void *arg)
{
	struct sheet_writer *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (w->full == NULL && !w->done)
			pthread_cond_wait(&w->can_write, &w->mu);
		struct sheet_batch *b = w->full;
		if (b == NULL)
			break;
		w->full = b->next;
		if (w->full == NULL)
			w->full_tail = NULL;
		bool skip = w->write_failed;
		pthread_mutex_unlock(&w->mu);
		int rc = skip ? 0 : batch_write(w, b);
		b->nrows = b->ncells = 0;
		b->len = 0;
		pthread_mutex_lock(&w->mu);
		if (rc)
			w->write_failed = true;
		b->next = w->free_list;
		w->free_list = b;
		pthread_cond_signal(&w->can_fill);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* The batch to fill: a free one, a new one while there are fewer than
 * SHEET_BATCHES, else wait for the writer to free one.  NULL: the writer
 * failed. */
static struct sheet_batch *batch_get(struct sheet_writer *w)
{
	if (!w->threaded)
		return xcalloc(1, sizeof(struct sheet_batch));   /* the first: no thread yet */
	pthread_mutex_lock(&w->mu);
	while (w->free_list == NULL && w->nbatches >= SHEET_BATCHES && !w->write_failed)
		pthread_cond_wait(&w->can_fill, &w->mu);
	struct sheet_batch *b = NULL;
	bool failed = w->write_failed, grow = false;
	if (!failed) {
		b = w->free_list;
		if (b)
			w->free_list = b->next;
		else
			grow = true;
		w->nbatches += grow;
	}
	pthread_mutex_unlock(&w->mu);
	return grow ? xcalloc(1, sizeof(*b)) : b;
}

/* Hand the filled batch to the writer (started for the first one; if it
 * cannot start, the caller writes the batch itself).  0 or -1. */
static int batch_queue(struct sheet_writer *w)
{
	struct sheet_batch *b = w->fill;
	w->fill = NULL;
	if (!w->threaded) {
		w->nbatches = 1;
		if (pthread_create(&w->writer, NULL, writer_main, w) == 0)
			w->threaded = true;
		else {
			int rc = batch_write(w, b);
			batch_free(b);
			w->nbatches = 0;
			return rc;
		}
	}
	pthread_mutex_lock(&w->mu);
	b->next = NULL;
	if (w->full_tail)
		w->full_tail->next = b;
	else
		w->full = b;
	w->full_tail = b;
	bool failed = w->write_failed;
	pthread_cond_signal(&w->can_write);
	pthread_mutex_unlock(&w->mu);
	return failed ? -1 : 0;
}

/* Copy a row's cells into the batch being filled; queue it when full. */
static int batch_add(struct sheet_writer *w, int row, const char *const *cells, const unsigned *flags, int n)
{
	if (w->fill == NULL && (w->fill = batch_get(w)) == NULL) {
		w->failed = true;
		return -1;
	}
	struct sheet_batch *b = w->fill;
	if (b->ncells + n > b->cell_cap) {
		b->cell_cap = 2 * (b->ncells + n);
		b->off = xrealloc(b->off, (size_t)b->cell_cap * sizeof(*b->off));
		b->flags = xrealloc(b->flags, (size_t)b->cell_cap * sizeof(*b->flags));
	}
	b->row[b->nrows] = row;
	b->first[b->nrows] = b->ncells;
	for (int i = 0; i < n; i++) {
		b->flags[b->ncells] = flags ? flags[i] : 0;
		if (cells[i] == NULL) {
			b->off[b->ncells++] = -1;
			continue;
		}
		size_t len = strlen(cells[i]) + 1;
		if (b->len + len > b->cap) {
			b->cap = 2 * (b->len + len) + 4096;
			b->text = xrealloc(b->text, b->cap);
		}
		memcpy(b->text + b->len, cells[i], len);
		b->off[b->ncells++] = (long)b->len;
		b->len += len;
	}
	b->first[++b->nrows] = b->ncells;
	if (b->nrows == SHEET_BATCH_ROWS && batch_queue(w)) {
		w->failed = true;
		return -1;
	}
	return 0;
}

/* The end of the rows: the last batch written (by the writer, or here when
 * there was no thread), the writer joined and the batches freed.  0 or -1
 * (a cell refused, or abandon: the rest only dropped). */
static int batch_end(struct sheet_writer *w, bool abandon)
{
	int rc = 0;
	if (w->fill && w->fill->nrows && !abandon) {
		if (w->threaded)
			rc = batch_queue(w);
		else {
			rc = batch_write(w, w->fill);
			batch_free(w->fill);
		}
		w->fill = NULL;
	}
	batch_free(w->fill);
	w->fill = NULL;
	if (w->threaded) {
		pthread_mutex_lock(&w->mu);
		w->done = true;
		if (abandon)
			w->write_failed = true;   /* the writer drops what is left */
		pthread_cond_signal(&w->can_write);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->writer, NULL);
		w->threaded = false;
		if (w->write_failed)
			rc = -1;
		while (w->free_list) {
			struct sheet_batch *b = w->free_list;
			w->free_list = b->next;
			batch_free(b);
		}
	}
	return rc;
}

int sheet_writer_row(struct sheet_writer *w, int row, const char *const *cells, const unsigned *flags, int n)
{
	if (w->failed || row <= w->last_row)
		return -1;
	w->last_row = row;
	if (w->fmt == SHEET_CSV) {
		for (int i = 0; i < n; i++) {
			if (i)
				fputc_unlocked(',', w->csv);
			csv_field(w->csv, cells[i] ? cells[i] : "");
		}
		fputs("\r\n", w->csv);
		if (ferror(w->csv))
			w->failed = true;
		return w->failed ? -1 : 0;
	}
	return batch_add(w, row, cells, flags, n);
}

int sheet_writer_finish(struct sheet_writer *w, int *fd, int64_t *size)
{
	*fd = -1;
	*size = 0;
	int out = -1;
	if (w->fmt == SHEET_CSV) {
		if (fflush(w->csv) == 0 && !w->failed)
			out = dup(fileno(w->csv));
		fclose(w->csv);
		w->csv = NULL;
	} else {
		if (batch_end(w, false))
			w->failed = true;
		zip_level = SHEET_ZIP_LEVEL;
		lxw_error e = workbook_close(w->wb);
		zip_level = 0;
		w->wb = NULL;
		if (e == LXW_NO_ERROR && !w->failed)
			out = open(w->path, O_RDONLY | O_CLOEXEC);
		unlink(w->path);
		w->path[0] = '\0';
	}
	writer_free(w);
	if (out < 0)
		return -1;
	struct stat sb;
	if (fstat(out, &sb) || lseek(out, 0, SEEK_SET) < 0) {
		close(out);
		return -1;
	}
	*fd = out;
	*size = (int64_t)sb.st_size;
	return 0;
}

void sheet_writer_discard(struct sheet_writer *w)
{
	if (w == NULL)
		return;
	if (w->csv)
		fclose(w->csv);
	if (w->wb) {
		batch_end(w, true);
		workbook_close(w->wb);
	}
	if (w->path[0])
		unlink(w->path);
	writer_free(w);
}
