/*
 * log.h - one place where the server writes what happens.
 *
 * Lines go to stderr as "2026-11-22T10:00:00Z LEVEL message".  Thread-safe
 * (each line is a single write).  Access lines are written by http/server.c.
 */
#ifndef LIANXIN_CORE_LOG_H
#define LIANXIN_CORE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
