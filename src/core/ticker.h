/*
 * ticker.h - a thread that calls one function every period until stopped:
 * the server's timers (the requests' escalation sweep, the writer of views'
 * audit rows, the dashboards' warm-up).
 */
#ifndef LIANXIN_CORE_TICKER_H
#define LIANXIN_CORE_TICKER_H

#include <stdint.h>

struct ticker;

/* tick(arg) every period_ms, the first a period from now, on a thread with every signal blocked;
 * NULL when the thread can't start. */
struct ticker *ticker_start(int64_t period_ms, void (*tick)(void *arg), void *arg);
/* The same with the first tick first_ms from now (0: at once, on the ticker's thread). */
struct ticker *ticker_start_after(int64_t first_ms, int64_t period_ms, void (*tick)(void *arg), void *arg);
/* Stop it: a tick running finishes first; none starts after. NULL: nothing. */
void ticker_stop(struct ticker *t);

#endif
