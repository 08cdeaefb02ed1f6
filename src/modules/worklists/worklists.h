/*
 * worklists.h - responsibility lists (责任清单), task lists (任务清单) and
 * weekly scheduling (周调度, 月通报): what the generic CRUD cannot do.
 *
 * The records themselves are plain entities (model/entities.c: duty_list,
 * duty_item, task_item, schedule, schedule_item) served by CRUD_ROUTES.
 * Here: an organisation's effective responsibility list (its own items and
 * the templates it inherits from the county or township), progress reports
 * that move a task's status, the task roll-up per child division, a week's
 * dispatch with the items carried over from earlier weeks, and the monthly
 * bulletin per responsible organisation.
 */
#ifndef LIANXIN_MODULES_WORKLISTS_H
#define LIANXIN_MODULES_WORKLISTS_H

#include <jansson.h>

#include "http/request.h"

int worklists_org_duties(struct req *r);          /* GET /orgs/:id/duties */
int worklists_task_progress(struct req *r);       /* POST /task-items/:id/progress */
extern const char *const worklists_task_progress_fields[];
int worklists_task_progress_list(struct req *r);  /* GET /task-items/:id/progress */
int worklists_task_rollup(struct req *r);         /* GET /task-items/rollup */
int worklists_schedule_items(struct req *r);      /* GET /schedules/:id/items */
int worklists_schedule_item_create(struct req *r);/* POST /schedules/:id/items */
int worklists_schedule_monthly(struct req *r);    /* GET /reports/schedule-monthly */
/* The dispatch items on a dispatch during [first, last] (YYYY-MM-DD) under division, per
 * responsible organisation: {first_day, last_day, as_of, totals, by_org}; 0 with *out, or
 * the status of the error reply made.  The 月通报 and the bulletins of modules/stats. */
int worklists_dispatch_tally(struct req *r, const char *division, const char *first, const char *last, json_t **out);

#endif
