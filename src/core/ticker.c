/* ticker.c - a thread that calls one function every period until stopped (ticker.h). */
#include "core/ticker.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

struct ticker {
	int64_t first_ms, period_ms;
	void (*tick)(void *arg);
	void *arg;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
};

static void *ticker_main(void *p)
{
	struct ticker *t = p;
	pthread_mutex_lock(&t->lock);
	int64_t wait_ms = t->first_ms;
	while (!t->stop) {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += (time_t)(wait_ms / 1000);
		until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
		wait_ms = t->period_ms;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!t->stop && pthread_cond_timedwait(&t->wake, &t->lock, &until) != ETIMEDOUT)
			;
		if (t->stop)
			break;
		pthread_mutex_unlock(&t->lock);
		t->tick(t->arg);
		pthread_mutex_lock(&t->lock);
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

struct ticker *ticker_start(int64_t period_ms, void (*tick)(void *arg), void *arg)
{
	return ticker_start_after(period_ms > 0 ? period_ms : 1000, period_ms, tick, arg);
}

struct ticker *ticker_start_after(int64_t first_ms, int64_t period_ms, void (*tick)(void *arg), void *arg)
{
	struct ticker *t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	*t = (struct ticker){ .first_ms = first_ms > 0 ? first_ms : 0, .period_ms = period_ms > 0 ? period_ms : 1000,
			      .tick = tick, .arg = arg };
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->wake, &attr);
	pthread_condattr_destroy(&attr);
	/* every signal blocked in the thread (it inherits the mask it is created with), so that a
	 * process's SIGTERM goes to the thread that waits for it, not to a ticker that would die of it */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int started = pthread_create(&t->thread, NULL, ticker_main, t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (started != 0) {
		pthread_cond_destroy(&t->wake);
		pthread_mutex_destroy(&t->lock);
		free(t);
		return NULL;
	}
	return t;
}

void ticker_stop(struct ticker *t)
{
	if (t == NULL)
		return;
	pthread_mutex_lock(&t->lock);
	t->stop = true;
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	pthread_cond_destroy(&t->wake);
	pthread_mutex_destroy(&t->lock);
	free(t);
}
