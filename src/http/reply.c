/* reply.c - the error table, JSON replies, and the readers of paging, path and query parameters and JSON bodies. */
#include "http/reply.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/division.h"
#include "core/intparse.h"
#include "core/utf8.h"

struct err_row {
	int status;
	const char *code;
	const char *zh;
	const char *en;
};

static const struct err_row errors[ERR_COUNT_] = {
	[ERR_BAD_REQUEST] = { 400, "bad_request", "请求无效", "Bad request" },
	[ERR_VALIDATION] = { 400, "validation", "字段值无效", "Invalid value" },
	[ERR_BAD_JSON] = { 400, "bad_json", "请求体不是有效的 JSON", "The request body is not valid JSON" },
	[ERR_UNKNOWN_FIELD] = { 400, "unknown_field", "不认识的字段", "Unknown field" },
	[ERR_UNKNOWN_PARAMETER] = { 400, "unknown_parameter", "不认识的查询参数", "Unknown query parameter" },
	[ERR_MISSING_FIELD] = { 400, "missing_field", "缺少必填字段", "A required field is missing" },
	[ERR_NOT_LOGGED_IN] = { 401, "not_logged_in", "未登录或登录已过期", "Not logged in or the session has expired" },
	[ERR_BAD_CREDENTIALS] = { 401, "bad_credentials", "用户名或密码错误", "Wrong username or password" },
	[ERR_FORBIDDEN] = { 403, "forbidden", "没有权限", "Permission denied" },
	[ERR_CSRF] = { 403, "csrf", "缺少或错误的 CSRF 令牌", "Missing or wrong CSRF token" },
	[ERR_PASSWORD_CHANGE_REQUIRED] = { 403, "password_change_required", "请先修改初始密码", "Change your initial password first" },
	[ERR_NOT_FOUND] = { 404, "not_found", "未找到", "Not found" },
	[ERR_METHOD] = { 405, "method_not_allowed", "不支持该请求方法", "Method not allowed" },
	[ERR_CONFLICT] = { 409, "conflict", "与现有数据冲突", "Conflicts with existing data" },
	[ERR_TOO_LARGE] = { 413, "too_large", "请求体过大", "The request body is too large" },
	[ERR_URI_TOO_LONG] = { 414, "uri_too_long", "请求地址过长", "The request URI is too long" },
	[ERR_HEADERS_TOO_LARGE] = { 431, "headers_too_large", "请求头过大", "The request headers are too large" },
	[ERR_MEDIA_TYPE] = { 415, "unsupported_media_type", "不支持的内容类型", "Unsupported content type" },
	[ERR_RATE_LIMITED] = { 429, "rate_limited", "请求过于频繁，请稍后再试", "Too many requests, try again later" },
	[ERR_INTERNAL] = { 500, "internal", "服务器内部错误", "Internal server error" },
	[ERR_UNAVAILABLE] = { 503, "unavailable", "服务暂不可用", "Service unavailable" },
	[ERR_WEAK_PASSWORD] = { 400, "weak_password", "密码不符合要求", "The password does not meet the policy" },
	[ERR_BAD_DIVISION] = { 400, "bad_division", "区划代码无效", "Invalid division code" },
	[ERR_BAD_PAGING] = { 400, "bad_paging", "分页参数无效", "Invalid paging parameters" },
	[ERR_WRONG_PASSWORD] = { 400, "wrong_password", "原密码错误", "The current password is wrong" },
	[ERR_ACCOUNT_EXPIRED] = { 403, "account_expired", "账号已过期，请联系管理员", "The account has expired; ask an administrator" },
};

int error_status(enum err e)
{
	return errors[e].status;
}

json_t *error_body(enum err e, const char *zh, const char *en, const char *field)
{
	json_t *err = json_pack("{s:s, s:s, s:s}", "code", errors[e].code,
				"message_zh", zh ? zh : errors[e].zh,
				"message_en", en ? en : errors[e].en);
	if (field)
		json_object_set_new(err, "field", json_string(field));
	return json_pack("{s:o}", "error", err);
}

int reply_error_msg(struct req *r, enum err e, const char *zh, const char *en, const char *field)
{
	return reply_json(r, errors[e].status, error_body(e, zh, en, field));
}

int reply_error(struct req *r, enum err e, const char *field)
{
	return reply_error_msg(r, e, NULL, NULL, field);
}

int reply_json(struct req *r, int status, json_t *body)
{
	if (r->out)
		json_decref(r->out);
	r->out = body;
	r->status = status;
	return status;
}

int reply_sheet(struct req *r, struct sheet_writer *w, int failed, enum sheet_format fmt, const char *filename)
{
	int fd;
	int64_t size;
	if (failed) {
		sheet_writer_discard(w);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	if (sheet_writer_finish(w, &fd, &size))
		return reply_error(r, ERR_INTERNAL, NULL);
	r->out_fd = fd;
	r->out_fd_size = size;
	r->out_type = sheet_content_type(fmt);
	req_add_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"%s\"", filename));
	return 200;
}

int reply_list(struct req *r, json_t *items, int64_t total, int64_t page, int64_t page_size)
{
	return reply_json(r, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items,
					    "total", (json_int_t)total, "page", (json_int_t)page,
					    "page_size", (json_int_t)page_size));
}

int paging_from_query(struct req *r, struct paging *p)
{
	const char *page = req_query(r, "page");
	const char *size = req_query(r, "page_size");
	p->page = 1;
	p->page_size = PAGE_SIZE_DEFAULT;
	if (page && parse_int64(page, 1, 1000000000, &p->page))
		return reply_error_msg(r, ERR_BAD_PAGING, "页码必须是正整数", "page must be a positive integer", "page");
	if (size && parse_int64(size, 1, PAGE_SIZE_MAX, &p->page_size))
		return reply_error_msg(r, ERR_BAD_PAGING, "每页条数必须在 1 到 200 之间",
				       "page_size must be from 1 to 200", "page_size");
	p->offset = (p->page - 1) * p->page_size;
	return 0;
}

int req_path_id(struct req *r, int i, int64_t *id)
{
	return parse_id(req_param(r, i), id) ? reply_error(r, ERR_NOT_FOUND, NULL) : 0;
}

int req_query_int(struct req *r, const char *name, int64_t min, int64_t max, int64_t *out)
{
	const char *v = req_query(r, name);
	if (v == NULL || *v == '\0')
		return 0;
	if (parse_int64(v, min, max, out) == 0)
		return 0;
	return reply_error_msg(r, ERR_VALIDATION,
			       arena_printf(r->arena, "应为 %lld 到 %lld 之间的整数", (long long)min, (long long)max),
			       arena_printf(r->arena, "%s must be an integer from %lld to %lld", name, (long long)min,
					    (long long)max),
			       name);
}

int req_query_division(struct req *r, const char *name, const char **out)
{
	const char *v = req_query(r, name);
	*out = NULL;
	if (v == NULL || *v == '\0')
		return 0;
	if (division_level(v) == DIV_INVALID)
		return reply_error(r, ERR_BAD_DIVISION, name);
	*out = v;
	return 0;
}

int body_object(struct req *r, const char *const *allowed)
{
	if (!json_is_object(r->json))
		return reply_error_msg(r, ERR_BAD_JSON, "请求体必须是 JSON 对象", "The body must be a JSON object", NULL);
	const char *key;
	json_t *value;
	json_object_foreach(r->json, key, value) {
		bool known = false;
		for (const char *const *a = allowed; *a && !known; a++)
			known = strcmp(*a, key) == 0;
		if (!known)
			return reply_error(r, ERR_UNKNOWN_FIELD, arena_strdup(r->arena, key));
	}
	return 0;
}

static int member(struct req *r, const char *name, bool required, json_t **out)
{
	*out = json_object_get(r->json, name);
	if (*out && json_is_null(*out))
		*out = NULL;
	if (*out == NULL && required)
		return reply_error(r, ERR_MISSING_FIELD, name);
	return 0;
}

int body_string(struct req *r, const char *name, bool required, size_t max_chars, const char **out)
{
	json_t *v;
	int st = member(r, name, required, &v);
	*out = NULL;
	if (st || v == NULL)
		return st;
	if (!json_is_string(v))
		return reply_error_msg(r, ERR_VALIDATION, "应为字符串", "Expected a string", name);
	const char *s = json_string_value(v);
	if (strlen(s) != json_string_length(v))
		return reply_error_msg(r, ERR_VALIDATION, "不能包含空字符", "Must not contain NUL", name);
	size_t n = utf8_chars(s);
	if (required && n == 0)
		return reply_error(r, ERR_MISSING_FIELD, name);
	if (n > max_chars)
		return reply_error_msg(r, ERR_VALIDATION,
				       arena_printf(r->arena, "长度不能超过 %zu 个字符", max_chars),
				       arena_printf(r->arena, "At most %zu characters", max_chars), name);
	*out = s;
	return 0;
}

int body_bool(struct req *r, const char *name, bool required, bool *out, bool *present)
{
	json_t *v;
	int st = member(r, name, required, &v);
	if (present)
		*present = v != NULL;
	if (st || v == NULL)
		return st;
	if (!json_is_boolean(v))
		return reply_error_msg(r, ERR_VALIDATION, "应为是或否", "Expected true or false", name);
	*out = json_is_true(v);
	return 0;
}

int body_int(struct req *r, const char *name, bool required, int64_t min, int64_t max,
	     int64_t *out, bool *present)
{
	json_t *v;
	int st = member(r, name, required, &v);
	if (present)
		*present = v != NULL;
	if (st || v == NULL)
		return st;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return reply_error_msg(r, ERR_VALIDATION,
				       arena_printf(r->arena, "应为 %lld 到 %lld 之间的整数", (long long)min, (long long)max),
				       arena_printf(r->arena, "Expected an integer from %lld to %lld", (long long)min, (long long)max),
				       name);
	*out = json_integer_value(v);
	return 0;
}
