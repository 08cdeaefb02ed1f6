/*
 * notices.h - what notices.c and notice_receipts.c share: the notice of
 * the path as the caller sees it, and stored lists of file names.
 * Internal to the party-life folder.
 */
#ifndef LIANXIN_MODULES_PARTYLIFE_NOTICES_H
#define LIANXIN_MODULES_PARTYLIFE_NOTICES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"

struct pl_notice {
	int64_t id, due;   /* due: 0 when not a task */
	bool task;
	const char *division;   /* the sender organisation's */
};
/* The notice of the path visible to the caller (sent from or to an
 * organisation in their scope): 0 with *n, or the reply's status. */
int pl_notice_or_reply(struct req *r, struct pl_notice *n);
/* A stored JSON list of file names (attachments, a report's files); [] when none. */
json_t *pl_text_list_json(const char *text);

#endif
