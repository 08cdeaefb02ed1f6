/*
 * meetings.h - what the meeting files share (meetings.c, meeting_calendar.c,
 * compliance.c): the meeting kinds, a meeting row as JSON and the
 * meeting-free days.  Internal to the party-life folder.
 */
#ifndef LIANXIN_MODULES_PARTYLIFE_MEETINGS_H
#define LIANXIN_MODULES_PARTYLIFE_MEETINGS_H

#include <jansson.h>

#include "db/db.h"
#include "http/request.h"

struct pl_meeting_kind {
	const char *code, *zh;
};
/* A meeting is planned (a date ahead, or not yet reported held) or held; only held meetings count. */
#define PL_MEETING_PLANNED "planned"
#define PL_MEETING_HELD "held"

/* The meeting kinds, kept in step with the meeting_kind dictionary. */
extern const struct pl_meeting_kind pl_meeting_kinds[];
extern const int pl_meeting_nkinds;
/* The Chinese name of a kind code, NULL when it names no kind. */
const char *pl_meeting_kind_zh(const char *code);

/* The columns pl_meeting_json reads, FROM meetings m JOIN orgs o ON o.id = m.org_id. */
#define PL_MEETING_COLUMNS                                                                                \
	"m.id, m.org_id, m.division, m.kind, m.starts_at, m.place, m.host, m.topic, m.minutes, m.decisions,"   \
	" m.evidence, m.expected, m.present, m.free_day, m.urgent, m.urgent_reason, m.created_at,"             \
	" o.name, o.type, (SELECT d.name FROM divisions d WHERE d.code = m.division), m.status, m.entitled, m.quorum"
/* Column of PL_MEETING_COLUMNS holding the start time and the urgent flag. */
#define PL_MEETING_STARTS_AT 4
#define PL_MEETING_URGENT 14
json_t *pl_meeting_json(struct db_stmt *st);

/* The meeting-free days nearest up the tree from division: a bit mask of
 * ISO weekdays (bit d) and the division that set them (NULL: none).
 * DB_OK or an error. */
int pl_free_days_for(struct req *r, const char *division, unsigned *mask, const char **from);
/* 周一 .. 周日 by ISO weekday 1..7. */
extern const char *const pl_weekday_zh[8];

#endif
