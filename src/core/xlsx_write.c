/* xlsx_write.c - tables to XLSX (libxlsxwriter) or CSV in a temporary file. */
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

struct sheet_writer {
	enum sheet_format fmt;
	char path[512];
	FILE *csv;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bad, *bold;
	int last_row;
	bool failed;
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
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE };
	w->wb = workbook_new_opt(w->path, &opt);
	w->ws = w->wb ? workbook_add_worksheet(w->wb, sheet_name) : NULL;
	if (w->ws == NULL) {
		snprintf(err, errlen, "cannot create the workbook");
		sheet_writer_discard(w);
		return NULL;
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
	if (w->ws)
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
		if (e != LXW_NO_ERROR) {
			w->failed = true;
			return -1;
		}
	}
	return 0;
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
		zip_level = SHEET_ZIP_LEVEL;
		lxw_error e = workbook_close(w->wb);
		zip_level = 0;
		w->wb = NULL;
		if (e == LXW_NO_ERROR && !w->failed)
			out = open(w->path, O_RDONLY | O_CLOEXEC);
		unlink(w->path);
		w->path[0] = '\0';
	}
	free(w);
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
	if (w->wb)
		workbook_close(w->wb);
	if (w->path[0])
		unlink(w->path);
	free(w);
}
