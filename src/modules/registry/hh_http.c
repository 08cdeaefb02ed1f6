/* hh_http.c - the HTTP handlers of the household import and exports, and their query parameters. */
#include "modules/registry/household_io_internal.h"

#include <string.h>
#include <strings.h>

#include "core/intparse.h"
#include "core/xlsx_read.h"
#include "core/xlsx_write.h"
#include "http/reply.h"

bool hio_query_true(struct req *r, const char *name)
{
	const char *v = req_query(r, name);
	return v && (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes"));
}

int hio_query_year(struct req *r, int64_t *year)
{
	const char *v = req_query(r, "year");
	*year = hio_last_year();
	if (v == NULL || *v == '\0')
		return 0;
	if (parse_int64(v, 2013, 2100, year))
		return reply_error_msg(r, ERR_VALIDATION, "年度应为 2013 到 2100 之间的整数", "The year must be from 2013 to 2100", "year");
	return 0;
}

int household_import_post(struct req *r)
{
	const char *type = req_header(r, "Content-Type");
	enum hio_format fmt;
	if (type && strncasecmp(type, "text/csv", 8) == 0)
		fmt = HIO_CSV;
	else if (type && strncasecmp(type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 65) == 0)
		fmt = HIO_XLSX;
	else if (type && strncasecmp(type, "application/octet-stream", 24) == 0)
		fmt = xlsx_sniff(r->body, r->body_len) ? HIO_XLSX : HIO_CSV;
	else
		return reply_error_msg(r, ERR_MEDIA_TYPE, "请上传 CSV（text/csv）或 XLSX 文件",
				       "Upload a CSV (text/csv) or XLSX file", NULL);
	if (fmt == HIO_XLSX && !xlsx_sniff(r->body, r->body_len))
		return reply_error_msg(r, ERR_VALIDATION, "文件不是有效的 XLSX", "The file is not a valid XLSX", NULL);
	int64_t year;
	int st = hio_query_year(r, &year);
	if (st)
		return st;
	const char *county;
	st = req_query_division(r, "county", &county);
	if (st)
		return st;
	const char *format = req_query(r, "format");
	bool want_xlsx = format && strcmp(format, "xlsx") == 0;
	struct hio_options o = {
		.dry_run = hio_query_true(r, "dry_run") || want_xlsx, .year = year, .county = county,
		.user = r->user, .r = r, .want_report_xlsx = want_xlsx,
	};
	struct hio_result res;
	int rc = household_import(r->db, r->body, r->body_len, fmt, &o, &res);
	if (rc < 0) {
		hio_result_free(&res);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	if (want_xlsx) {
		if (res.report_fd < 0) {
			hio_result_free(&res);
			return reply_error(r, ERR_INTERNAL, NULL);
		}
		r->out_fd = res.report_fd;
		r->out_fd_size = res.report_size;
		r->out_type = sheet_content_type(SHEET_XLSX);
		req_add_header(r, "Content-Disposition", "attachment; filename=\"import-report.xlsx\"");
		req_add_header(r, "X-Import-Errors", arena_printf(r->arena, "%zu", json_array_size(res.errors)));
		res.report_fd = -1;
		hio_result_free(&res);
		return 200;
	}
	json_t *body = hio_result_json(&res);
	hio_result_free(&res);
	return reply_json(r, rc ? 400 : 200, body);
}

static int export_reply(struct req *r, bool by_member)
{
	const char *format = req_query(r, "format");
	enum hio_format fmt;
	if (format == NULL || *format == '\0' || strcmp(format, "xlsx") == 0)
		fmt = HIO_XLSX;
	else if (strcmp(format, "csv") == 0)
		fmt = HIO_CSV;
	else
		return reply_error_msg(r, ERR_VALIDATION, "导出格式应为 XLSX 或 CSV", "The format must be xlsx or csv", "format");
	int fd;
	int64_t size;
	int st = household_export_to_fd(r, by_member, fmt, &fd, &size);
	if (st)
		return st;
	r->out_fd = fd;
	r->out_fd_size = size;
	r->out_type = sheet_content_type(fmt == HIO_XLSX ? SHEET_XLSX : SHEET_CSV);
	req_add_header(r, "Content-Disposition",
		       arena_printf(r->arena, "attachment; filename=\"%s.%s\"", by_member ? "members" : "households",
				    fmt == HIO_XLSX ? "xlsx" : "csv"));
	return 200;
}

int household_export_get(struct req *r)
{
	return export_reply(r, false);
}

int member_export_get(struct req *r)
{
	return export_reply(r, true);
}
