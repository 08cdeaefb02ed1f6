/*
 * csv.h - an RFC 4180 CSV reader over a memory buffer, for imports.
 *
 * Input is UTF-8 (a leading BOM is skipped) with LF or CRLF line ends.
 * Blank lines are skipped.  A quoted field may span lines; "" inside it
 * reads as one quote, and its line breaks are kept as they are (CRLF stays
 * CRLF).  A CR not followed by LF is data.
 * The reader refuses, with a message and line number, an unterminated quoted
 * field, a quote inside an unquoted field, text after a closing quote, a
 * field over CSV_FIELD_MAX bytes, a record of more than CSV_FIELDS_MAX
 * fields, invalid UTF-8 and NUL bytes.  The caller keeps the buffer alive
 * while the reader is open; one reader belongs to one thread.
 */
#ifndef LIANXIN_CORE_CSV_H
#define LIANXIN_CORE_CSV_H

#include <stddef.h>

#define CSV_FIELD_MAX (64 * 1024)
#define CSV_FIELDS_MAX 256

struct csv_reader;

enum csv_status { CSV_ROW, CSV_DONE, CSV_ERROR };

/* A reader of data[0..len) (data may be NULL when len is 0); never NULL.
 * Free it with csv_close. */
struct csv_reader *csv_open(const char *data, size_t len);
/* Read the next record.  CSV_ROW: *fields holds *nfields (1..CSV_FIELDS_MAX)
 * NUL-terminated fields owned by the reader and valid until the next call or
 * csv_close.  CSV_DONE at the end of the input, CSV_ERROR with csv_error()
 * set; both leave *fields NULL and *nfields 0, and repeat on later calls.
 * *line is the 1-based line where the record started (on an error, the line
 * of the record that failed; the message names the line of the fault). */
enum csv_status csv_next(struct csv_reader *r, const char ***fields, int *nfields, int *line);
/* English message of the last CSV_ERROR ("line 3: ..."), "" before one. */
const char *csv_error(const struct csv_reader *r);
/* Free r and its fields; NULL is ignored. */
void csv_close(struct csv_reader *r);

#endif
