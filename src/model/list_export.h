/*
 * list_export.h - any paged list as a CSV or XLSX file, and the progress of
 * a long one.
 *
 * A list endpoint whose route takes ?format= (every entity list, and the
 * lists whose rows name it) answers ?format=csv|xlsx with every row its
 * filters and the caller's scope select, masked as its pages are, in a file
 * built in constant memory: pages of rows read by keyset on the listing's
 * key, turned into JSON by the list's own row function and written to a
 * temporary file (core/xlsx_write.h) before the next page is read.  With
 * ?progress=TOKEN (the caller's own name for the export), GET
 * /api/v1/exports/progress?token=TOKEN tells the same user how many rows
 * are written of how many while it runs.  Every export is audited.
 */
#ifndef LIANXIN_MODEL_LIST_EXPORT_H
#define LIANXIN_MODEL_LIST_EXPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"

struct listing;

/* Does the request ask its list for a file?  0 with *wanted (and *xlsx),
 * or the status of the 400 reply to a bad ?format= or ?progress=. */
int list_export_wanted(struct req *r, bool *wanted, bool *xlsx);

/* Does ?format= ask for a file (csv or xlsx) where the route takes it? */
bool list_export_asked(struct req *r);

/* Reply with the file of every row of l (total of them, as counted). */
int list_export_reply(struct req *r, const struct listing *l, bool xlsx, int64_t total);

/* GET /api/v1/exports/progress?token= */
int list_export_progress_get(struct req *r);

#endif
