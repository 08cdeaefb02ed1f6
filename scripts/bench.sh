#!/usr/bin/env bash
# bench.sh - requests per second and p99 latency of lianxin next to nginx
# serving a static file of the same size, measured in one run with wrk
# (64 connections over loopback).  usage: bench.sh path/to/lianxin
set -euo pipefail
binary=${1:?usage: bench.sh path/to/lianxin}
duration=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
dir=$(mktemp -d /tmp/lianxin-bench.XXXXXX)
chmod 755 "$dir"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	[ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT

free_port() { # a port nobody listens on
	local p
	while :; do
		p=$((20000 + RANDOM % 20000))
		(exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return; }
	done
}

start_lianxin() { # $1: extra settings; prints the base URL
	local out=$dir/lianxin-$2.out
	# shellcheck disable=SC2086
	"$binary" --db "sqlite:$dir/bench.db" --listen 127.0.0.1:0 --rate-limit-per-minute 100000 $1 serve \
		>"$out" 2>"$dir/lianxin-$2.log" &
	pids+=($!)
	for _ in $(seq 100); do grep -q 'serving http' "$out" 2>/dev/null && break; sleep 0.1; done
	grep -o 'http://127.0.0.1:[0-9]*' "$out" | head -n 1
}

# wrk output -> "requests/s p99"
measure() {
	local out
	out=$(wrk -t"$threads" -c"$conns" -d"${duration}s" --latency "$@" 2>&1)
	local rps p99 non2xx
	rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
	if [ -n "$non2xx" ]; then
		echo "bench: $non2xx non-2xx responses for $*" >&2
		exit 1
	fi
	echo "$rps $p99"
}

"$binary" --db "sqlite:$dir/bench.db" user add --username loadtest --role county --division 469030 \
	--password-stdin <<<"Bench-Pass-2026" >/dev/null
quiet=$(start_lianxin "--access-log 0" quiet)
logged=$(start_lianxin "--access-log 1" logged)
token=$(curl -s -X POST "$quiet/api/v1/auth/login" -H 'Content-Type: application/json' \
	-d '{"username":"loadtest","password":"Bench-Pass-2026"}' | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench: login failed" >&2; exit 1; }

# nginx serving a file as large as the health reply
mkdir -p "$dir/www"
curl -s "$quiet/api/v1/health" >"$dir/www/health.json"
curl -s -H "Authorization: Bearer $token" "$quiet/api/v1/me" >"$dir/www/me.json"
nport=$(free_port)
cat >"$dir/nginx.conf" <<CONF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
daemon on;
events { worker_connections 4096; }
http {
	access_log off;
	keepalive_requests 1000000;
	client_body_temp_path $dir/tmp;
	proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp; uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
	server {
		listen 127.0.0.1:$nport;
		root $dir/www;
		default_type application/json;
	}
}
CONF
nginx -c "$dir/nginx.conf" -p "$dir"
sleep 0.3

echo "lianxin benchmark: wrk -t$threads -c$conns -d${duration}s on $(nproc) cores, $(date -u +%Y-%m-%d)"
echo "health reply $(wc -c <"$dir/www/health.json") bytes, /me reply $(wc -c <"$dir/www/me.json") bytes"
read -r ng_h ng_h99 < <(measure "http://127.0.0.1:$nport/health.json")
read -r lx_h lx_h99 < <(measure "$quiet/api/v1/health")
read -r lxl_h lxl_h99 < <(measure "$logged/api/v1/health")
read -r ng_m ng_m99 < <(measure "http://127.0.0.1:$nport/me.json")
read -r lx_m lx_m99 < <(measure -H "Authorization: Bearer $token" "$quiet/api/v1/me")
read -r lxl_m lxl_m99 < <(measure -H "Authorization: Bearer $token" "$logged/api/v1/me")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
printf '\n%-44s %12s %10s %8s\n' "target" "requests/s" "p99" "vs nginx"
printf '%-44s %12s %10s %8s\n' "nginx static file (health size)" "$ng_h" "$ng_h99" "100%"
printf '%-44s %12s %10s %8s\n' "lianxin GET /api/v1/health" "$lx_h" "$lx_h99" "$(ratio "$lx_h" "$ng_h")"
printf '%-44s %12s %10s %8s\n' "lianxin GET /api/v1/health (access log on)" "$lxl_h" "$lxl_h99" "$(ratio "$lxl_h" "$ng_h")"
printf '%-44s %12s %10s %8s\n' "nginx static file (/me size)" "$ng_m" "$ng_m99" "100%"
printf '%-44s %12s %10s %8s\n' "lianxin GET /api/v1/me (Bearer)" "$lx_m" "$lx_m99" "$(ratio "$lx_m" "$ng_m")"
printf '%-44s %12s %10s %8s\n' "lianxin GET /api/v1/me (access log on)" "$lxl_m" "$lxl_m99" "$(ratio "$lxl_m" "$ng_m")"
echo
echo "targets: health >= 70% of nginx, /me >= 50%"
