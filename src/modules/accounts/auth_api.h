/*
 * auth_api.h - logging in and out, the caller's own account, and health.
 *
 * Login answers a wrong password, an unknown user, a disabled account and a
 * locked account identically (401 bad_credentials, same hashing time), so
 * none of them can be told apart from outside.
 */
#ifndef LIANXIN_MODULES_AUTH_API_H
#define LIANXIN_MODULES_AUTH_API_H

#include "http/request.h"

int auth_login(struct req *r);
extern const char *const auth_login_fields[];
int auth_logout(struct req *r);
int auth_me(struct req *r);
int auth_change_password(struct req *r);
extern const char *const auth_change_password_fields[];
int health_get(struct req *r);

#endif
