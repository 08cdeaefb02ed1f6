/*
 * proxy_addr.h - the client's address behind a trusted reverse proxy.
 *
 * A request's client address is the connection's peer, unless the peer is
 * one of the configured proxies (the setting trusted-proxy: addresses
 * separated by commas or spaces).  Then it is the last address of the
 * X-Forwarded-For header, the one that proxy added (deploy/nginx/lianxin.conf
 * sets the header to the address it saw).  A client talking to lianxin
 * directly cannot choose its address: its X-Forwarded-For is not read.
 */
#ifndef LIANXIN_HTTP_PROXY_ADDR_H
#define LIANXIN_HTTP_PROXY_ADDR_H

#include <stdbool.h>
#include <stddef.h>

/* True when trusted is a valid list of IPv4/IPv6 addresses ("" is valid: none);
 * otherwise false with the first bad entry named in err. */
bool proxy_addr_valid_list(const char *trusted, char *err, size_t errlen);

/* The client's address into out: peer, or the last address of forwarded
 * (X-Forwarded-For, may be NULL) when peer is in trusted and that address is
 * a valid IPv4/IPv6 address.  Returns true when the forwarded address was taken. */
bool proxy_addr_client(const char *trusted, const char *peer, const char *forwarded, char *out, size_t len);

#endif
