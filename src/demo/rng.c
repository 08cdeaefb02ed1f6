/* rng.c - the generator's random streams: xoshiro256** seeded per step (see rng.h). */
#include "demo/rng.h"

#include <stdlib.h>

#include "core/mem.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* Start the stream of one step: seed, county and step name. */
void rng_seed(struct demo_rng *r, uint64_t seed, const char *county, const char *stream)
{
	uint64_t x = fnv1a(fnv1a(0xcbf29ce484222325ULL ^ seed, county), stream);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t rng_next(struct demo_rng *r)
{
	uint64_t *s = r->s, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in [0, n), n > 0. */
int rng_below(struct demo_rng *r, int n)
{
	return n <= 1 ? 0 : (int)(rng_next(r) % (uint64_t)n);
}

/* Uniform in [lo, hi]. */
int rng_range(struct demo_rng *r, int lo, int hi)
{
	return hi <= lo ? lo : lo + rng_below(r, hi - lo + 1);
}

bool rng_permille(struct demo_rng *r, int permille)
{
	return rng_below(r, 1000) < permille;
}

const char *pick_weighted(struct demo_rng *r, const struct demo_weighted *t, int n)
{
	int total = 0;
	for (int i = 0; i < n; i++)
		total += t[i].w;
	int x = rng_below(r, total);
	for (int i = 0; i < n; i++) {
		if (x < t[i].w)
			return t[i].s;
		x -= t[i].w;
	}
	return t[n - 1].s;
}

/* Mark exactly k of n items (k clamped to n) in chosen[]. */
void pick_k(struct demo_rng *r, int n, int k, const int *pool, bool *chosen)
{
	int *idx = xcalloc((size_t)(n > 0 ? n : 1), sizeof(int));
	for (int i = 0; i < n; i++)
		idx[i] = pool ? pool[i] : i;
	if (k > n)
		k = n;
	for (int i = 0; i < k; i++) {
		int j = i + rng_below(r, n - i), t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
		chosen[idx[i]] = true;
	}
	free(idx);
}
