/*
 * idcard.h - resident identity numbers (公民身份号码, GB 11643-1999).
 *
 * An 18-character number: a 6-digit region code, the birth date YYYYMMDD,
 * a 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2
 * check character (0-9 or X).  Pure functions on caller-owned buffers; no
 * allocation, thread-safe.
 */
#ifndef LIANXIN_CORE_IDCARD_H
#define LIANXIN_CORE_IDCARD_H

#include <stddef.h>
#include <stdint.h>

#define IDCARD_LEN 18

enum idcard_error {
	IDCARD_OK,
	IDCARD_LENGTH,   /* not 18 characters (or NULL) */
	IDCARD_CHARS,    /* not 17 digits followed by a digit or X/x */
	IDCARD_REGION,   /* unknown province, or city digits "00" */
	IDCARD_DATE,     /* birth date not a calendar date, before 1900 or after today */
	IDCARD_CHECK,    /* check character does not match */
};

/* Validate id as of today_yyyymmdd (e.g. 20240615).  Checks run in the
 * order of the enum and the first failure is returned.  When out != NULL it
 * receives the normalised number (a final 'x' becomes 'X') on IDCARD_OK and
 * the empty string otherwise. */
enum idcard_error idcard_validate(const char *id, int64_t today_yyyymmdd, char out[19]);
/* Message for e in Chinese / English; static strings, never NULL. */
const char *idcard_error_zh(enum idcard_error e);
const char *idcard_error_en(enum idcard_error e);
/* Birth date "YYYY-MM-DD" of a valid number; "" when digits 7-14 are not digits. */
void idcard_birth_date(const char *id, char out[11]);
/* 'M' when the 17th digit is odd, 'F' when even; '\0' when it is not a digit. */
char idcard_sex(const char *id);
/* Check character ('0'-'9' or 'X') for the first 17 digits of first17;
 * '\0' when those are not 17 digits. */
char idcard_check_char(const char *first17);
/* Mask for display, counting UTF-8 characters: an 18-character id keeps the
 * first 6 and the last 4 ("469030********123X"); any other length keeps only
 * the last 4 (nothing when it has 4 or fewer).  Writes at most outlen bytes
 * including the NUL, truncating on a character boundary; NULL id is "". */
void idcard_mask(const char *id, char *out, size_t outlen);

#endif
