/*
 * test_proxy_addr.c - the client's address behind a reverse proxy: taken
 * from X-Forwarded-For only when the connection comes from a configured
 * proxy, and then only its last entry (the one the proxy added).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "http/proxy_addr.h"

static void check(const char *trusted, const char *peer, const char *xff, const char *want, bool taken)
{
	char out[64];
	assert_int_equal(proxy_addr_client(trusted, peer, xff, out, sizeof(out)), taken);
	assert_string_equal(out, want);
}

static void test_no_proxy_configured(void **state)
{
	(void)state;
	/* a client talking to lianxin directly cannot choose its address */
	check("", "203.0.113.9", "10.1.2.3", "203.0.113.9", false);
	check(NULL, "203.0.113.9", "10.1.2.3", "203.0.113.9", false);
}

static void test_peer_not_a_proxy(void **state)
{
	(void)state;
	check("127.0.0.1", "203.0.113.9", "10.1.2.3", "203.0.113.9", false);
	check("127.0.0.1, ::1", "127.0.0.2", "10.1.2.3", "127.0.0.2", false);
}

static void test_trusted_proxy_last_entry(void **state)
{
	(void)state;
	check("127.0.0.1", "127.0.0.1", "198.51.100.7", "198.51.100.7", true);
	/* what the client sent first is its own word: the proxy's entry is the last */
	check("127.0.0.1", "127.0.0.1", "1.2.3.4, 198.51.100.7", "198.51.100.7", true);
	check("10.0.0.5,127.0.0.1", "127.0.0.1", " 1.2.3.4 ,198.51.100.7 ", "198.51.100.7", true);
	check("::1", "::1", "2001:db8::1", "2001:db8::1", true);
	/* the list's addresses compare canonically */
	check("0:0:0:0:0:0:0:1", "::1", "2001:0db8:0:0:0:0:0:1", "2001:db8::1", true);
	/* no header: the proxy's own address */
	check("127.0.0.1", "127.0.0.1", NULL, "127.0.0.1", false);
}

static void test_bad_forwarded_value_ignored(void **state)
{
	(void)state;
	check("127.0.0.1", "127.0.0.1", "evil\nINFO forged", "127.0.0.1", false);
	check("127.0.0.1", "127.0.0.1", "1.2.3.4 5.6.7.8", "127.0.0.1", false);
	check("127.0.0.1", "127.0.0.1", "", "127.0.0.1", false);
	check("127.0.0.1", "127.0.0.1", "1.2.3.4,", "127.0.0.1", false);
	check("127.0.0.1", "127.0.0.1", "unknown", "127.0.0.1", false);
	check("127.0.0.1", "127.0.0.1", "300.1.1.1", "127.0.0.1", false);
}

static void test_list_validated(void **state)
{
	(void)state;
	char err[128];
	assert_true(proxy_addr_valid_list("", err, sizeof(err)));
	assert_true(proxy_addr_valid_list(NULL, err, sizeof(err)));
	assert_true(proxy_addr_valid_list("127.0.0.1, ::1 10.0.0.5", err, sizeof(err)));
	assert_false(proxy_addr_valid_list("127.0.0.1,localhost", err, sizeof(err)));
	assert_non_null(strstr(err, "localhost"));
	assert_false(proxy_addr_valid_list("10.0.0.0/8", err, sizeof(err)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_proxy_configured),
		cmocka_unit_test(test_peer_not_a_proxy),
		cmocka_unit_test(test_trusted_proxy_last_entry),
		cmocka_unit_test(test_bad_forwarded_value_ignored),
		cmocka_unit_test(test_list_validated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
