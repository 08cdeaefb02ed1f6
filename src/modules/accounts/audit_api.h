/* audit_api.h - the audit trail's HTTP view (the writing side is model/audit.h). */
#ifndef LIANXIN_MODULES_ACCOUNTS_AUDIT_API_H
#define LIANXIN_MODULES_ACCOUNTS_AUDIT_API_H

#include "http/request.h"

/* GET /api/v1/audit */
int audit_list(struct req *r);

#endif
