/*
 * requests_texts.h - the texts of the demo's villagers' requests
 * (requests_texts.c), internal to src/demo/.
 */
#ifndef LIANXIN_DEMO_REQUESTS_TEXTS_H
#define LIANXIN_DEMO_REQUESTS_TEXTS_H

/* Content and reply templates of a category: '$' the village, '#' the group, '~' one of the county's industries. */
struct rq_text {
	const char *category, *organ;   /* organ: the county organ a transfer goes to */
	const char *content[4], *reply[2];
};

extern const struct rq_text rq_texts[];
/* The outcomes of a mediation: agreed, agreed jointly, partly, failed. */
extern const char *const rq_mediation[4];

/* The index of a category's texts in rq_texts, or -1. */
int rq_texts_of(const char *category);

#endif
