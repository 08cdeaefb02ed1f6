/*
 * log.h - one place where the server writes what happens.
 *
 * Lines go to stderr as "2026-11-22T10:00:00Z LEVEL message".  Thread-safe
 * (each line is a single write).  Access lines are written by http/server.c.
 * A message can never forge a line: control characters, invalid UTF-8 and
 * backslashes in it are written escaped (log_escape), whoever supplied them.
 */
#ifndef LIANXIN_CORE_LOG_H
#define LIANXIN_CORE_LOG_H

#include <stddef.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Copy s into out (outlen bytes with the NUL) with every byte that is not
 * printable UTF-8 text written as \xNN (C0 and C1 controls, DEL, bytes of no
 * valid sequence) and a backslash as \\; cut short at a whole character.
 * Returns the length written.
 */
size_t log_escape(const char *s, char *out, size_t outlen);

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
