/*
 * phone.h - Chinese telephone numbers: validation and masking for display.
 *
 * Accepted forms: an 11-digit mobile number 1[3-9]xxxxxxxxx; a landline
 * "0" + area code + 7-8 digit subscriber number, with or without a hyphen
 * after the area code ("0898-86221234", "089886221234", "010-12345678");
 * a 5-6 digit service number ("12345", "966701").  Pure functions on
 * caller-owned buffers; thread-safe.
 */
#ifndef LIANXIN_CORE_PHONE_H
#define LIANXIN_CORE_PHONE_H

#include <stdbool.h>
#include <stddef.h>

/* True when s is one of the accepted forms (NULL is false).  Area codes
 * starting 01 or 02 have 2 digits after the 0 (010, 020-029), the others 3. */
bool phone_valid(const char *s);
/* Mask for display, counting UTF-8 characters: a mobile number keeps the
 * first 3 and last 4 ("138****5678"); anything else of 6 or more characters
 * keeps the first 3 and the last 2; shorter ones keep only the last one.
 * Every masked character becomes one '*'.  Writes at most outlen bytes
 * including the NUL, truncating on a character boundary; NULL s is "". */
void phone_mask(const char *s, char *out, size_t outlen);

#endif
