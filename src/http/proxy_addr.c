/* proxy_addr.c - the client's address: the peer, or X-Forwarded-For's last entry when the peer is a trusted proxy. */
#include "http/proxy_addr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#define SEPARATORS ", \t"

/* s[0..n) as an address in its canonical text (inet_ntop) into out; false when it is none. */
static bool canonical(const char *s, size_t n, char *out, size_t len)
{
	char buf[INET6_ADDRSTRLEN];
	unsigned char bin[sizeof(struct in6_addr)];
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	int family = strchr(buf, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(family, buf, bin) != 1)
		return false;
	return inet_ntop(family, bin, out, (socklen_t)len) != NULL;
}

bool proxy_addr_valid_list(const char *trusted, char *err, size_t errlen)
{
	const char *p = trusted ? trusted : "";
	for (;;) {
		p += strspn(p, SEPARATORS);
		if (*p == '\0')
			return true;
		size_t n = strcspn(p, SEPARATORS);
		char out[INET6_ADDRSTRLEN];
		if (!canonical(p, n, out, sizeof(out))) {
			snprintf(err, errlen, "trusted-proxy: \"%.*s\" is not an IPv4 or IPv6 address", (int)(n > 64 ? 64 : n), p);
			return false;
		}
		p += n;
	}
}

/* True when the canonical address peer is one of trusted's. */
static bool is_trusted(const char *trusted, const char *peer)
{
	const char *p = trusted ? trusted : "";
	for (;;) {
		p += strspn(p, SEPARATORS);
		if (*p == '\0')
			return false;
		size_t n = strcspn(p, SEPARATORS);
		char out[INET6_ADDRSTRLEN];
		if (canonical(p, n, out, sizeof(out)) && strcmp(out, peer) == 0)
			return true;
		p += n;
	}
}

bool proxy_addr_client(const char *trusted, const char *peer, const char *forwarded, char *out, size_t len)
{
	snprintf(out, len, "%s", peer);
	if (forwarded == NULL || !is_trusted(trusted, peer))
		return false;
	/* the last entry: the address the proxy itself saw (earlier ones are the client's word) */
	const char *last = strrchr(forwarded, ',');
	last = last ? last + 1 : forwarded;
	last += strspn(last, " \t");
	size_t n = strcspn(last, " \t");
	if (last[n] != '\0' && last[n + strspn(last + n, " \t")] != '\0')
		return false;   /* "a b": not one address */
	char addr[INET6_ADDRSTRLEN];
	if (!canonical(last, n, addr, sizeof(addr)))
		return false;
	snprintf(out, len, "%s", addr);
	return true;
}
