/*
 * public_divisions.h - the division look-up of the public request form (no
 * login, rate-limited per client address): the counties, a county's
 * townships, a township's villages, and one place with its parents, by name.
 */
#ifndef LIANXIN_MODULES_PUBLIC_DIVISIONS_H
#define LIANXIN_MODULES_PUBLIC_DIVISIONS_H

#include "http/request.h"

/* GET /public/divisions[?parent=CODE]: {"items":[{code,name,level}]}. */
int divisions_public_list(struct req *r);
/* GET /public/divisions/:code: {code,name,level,parents:[{code,name,level}]} (county down). */
int divisions_public_get(struct req *r);

#endif
