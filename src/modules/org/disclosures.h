/*
 * disclosures.h - the public page of a village's disclosures (党务村务公开):
 * what the village has published, readable by anyone without logging in.
 * Staff write them through the generic entity routes (/api/v1/disclosures).
 */
#ifndef LIANXIN_MODULES_DISCLOSURES_H
#define LIANXIN_MODULES_DISCLOSURES_H

#include "http/request.h"

/* GET /api/v1/public/disclosures/{village}?kind=&page=&page_size= */
int disclosures_public(struct req *r);

#endif
