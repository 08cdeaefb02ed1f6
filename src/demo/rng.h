/*
 * rng.h - the demo generator's random streams: xoshiro256** seeded from
 * the seed, the county and a stream name (one stream per step, so a step
 * added later does not change what the others draw), and the choices built
 * on it.  Deterministic on every platform.
 */
#ifndef LIANXIN_DEMO_RNG_H
#define LIANXIN_DEMO_RNG_H

#include <stdbool.h>
#include <stdint.h>

struct demo_rng {
	uint64_t s[4];
};

/* A choice of a table by weight. */
struct demo_weighted {
	const char *s;
	int w;
};

/* Start the stream of one step: seed, county and step name. */
void rng_seed(struct demo_rng *r, uint64_t seed, const char *county, const char *stream);
uint64_t rng_next(struct demo_rng *r);
/* Uniform in [0, n), n > 0 (0 when n <= 1). */
int rng_below(struct demo_rng *r, int n);
/* Uniform in [lo, hi] (lo when hi <= lo). */
int rng_range(struct demo_rng *r, int lo, int hi);
bool rng_permille(struct demo_rng *r, int permille);
const char *pick_weighted(struct demo_rng *r, const struct demo_weighted *t, int n);
/* Mark exactly k of n items (k clamped to n) in chosen[]: pool[i] (or i when pool is NULL). */
void pick_k(struct demo_rng *r, int n, int k, const int *pool, bool *chosen);

#endif
