/*
 * visits.h - what home visits add up to (visit_coverage.c) and their photos
 * (visit_photos.c): 入户率 and satisfaction of a subtree over a period, by
 * child division and by helper; the households overdue for a visit; the
 * 户户走到 campaigns and their progress; a visit's JPEG/PNG photos, stored
 * as files named by their SHA-256 outside the database.
 */
#ifndef LIANXIN_MODULES_PAIRINGS_VISITS_H
#define LIANXIN_MODULES_PAIRINGS_VISITS_H

#include <jansson.h>

#include "http/request.h"

int visits_coverage(struct req *r);          /* GET /visits/coverage?division=&from=&to=&target= */
int visits_overdue(struct req *r);           /* GET /visits/overdue?division=&date= */
int visits_campaigns(struct req *r);         /* GET /visits/campaigns?division=: campaigns with progress */
int visit_campaign_progress(struct req *r);  /* GET /visit-campaigns/:id/progress: figures and the unreached */
int visit_photos_upload(struct req *r);      /* POST /visits/:id/photos (a JPEG or PNG body) */
int visit_photos_list(struct req *r);        /* GET /visits/:id/photos */
int visit_photo_get(struct req *r);          /* GET /visits/:id/photos/:sha256: the image */

/*
 * For the roll-ups (GET /stats): the households of target ("helped": registered
 * or monitored, the default when NULL; "all", "registered", "monitored") under
 * division, those with a home visit from..to (YYYY-MM-DD, China dates), and the
 * satisfaction of the visits then ("households", "reached", "rate", "visits",
 * "rated", "satisfied", "basic", "unsatisfied", "satisfaction"): 0 with *out,
 * or the status of the error reply made.
 */
int visit_coverage_totals(struct req *r, const char *division, const char *from, const char *to, const char *target,
			  json_t **out);

#endif
