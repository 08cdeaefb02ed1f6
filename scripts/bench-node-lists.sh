#!/usr/bin/env bash
# bench-node-lists.sh - a node's lists under a wide scope (issue 16): wall time (p50) and the
# server's CPU time (user + system from /proc/PID/stat, a call's mean: the machine is shared)
# of the first page of each list of one village for a user whose scope is the province.
# usage: bench-node-lists.sh path/to/lianxin DB.db VILLAGE [USER]
#   DB: a SQLite database with the user USER (default p; password Bench-Pass-2026), e.g.
#   `lianxin --db sqlite:DB.db demo --scale province --province 53 --counties 530102,... ` then
#   `lianxin --db sqlite:DB.db user add --username p --role county --division 53 --password-stdin`.
#   BENCH_SAMPLES=7 calls a list (after one warm-up).  The server only reads (and audits).
set -euo pipefail
binary=$(realpath "${1:?usage: bench-node-lists.sh path/to/lianxin DB.db VILLAGE [USER]}")
db=${2:?database}
node=${3:?village code}
user=${4:-p}
samples=${BENCH_SAMPLES:-7}
dir=$(mktemp -d /tmp/lianxin-bench-nodes.XXXXXX)
spid=
cleanup() {
	[ -z "$spid" ] || kill "$spid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT

"$binary" --db "sqlite:$db" --listen 127.0.0.1:0 --rate-limit-per-minute 1000000 --access-log 0 serve \
	>"$dir/serve.out" 2>"$dir/serve.log" &
spid=$!
for _ in $(seq 600); do grep -q 'serving http' "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/serve.out" | head -n 1)
token=$(curl -s -X POST "$url/api/v1/auth/login" -H 'Content-Type: application/json' \
	-d "{\"username\":\"$user\",\"password\":\"Bench-Pass-2026\"}" | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench-node-lists: login failed" >&2; exit 1; }
auth=(-H "Authorization: Bearer $token")

ticks() { awk '{ print $14 + $15 }' "/proc/$spid/stat"; }
printf '%-12s %8s %8s %8s\n' list total p50_ms cpu_ms
for list in households members requests meetings notices trainings decisions visits procedures; do
	path="/api/v1/$list?division=$node&page_size=20"
	curl -s -o "$dir/body.json" "${auth[@]}" "$url$path"
	total=$(sed -n 's/.*"total":\([0-9]*\).*/\1/p' "$dir/body.json")
	[ -n "$total" ] || { echo "bench-node-lists: $path: $(head -c 300 "$dir/body.json")" >&2; exit 1; }
	c0=$(ticks)
	for _ in $(seq "$samples"); do
		curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "${auth[@]}" "$url$path"
	done >"$dir/times"
	c1=$(ticks)
	awk '$1 != 200 { exit 1 }' "$dir/times" || { echo "bench-node-lists: $path: an unexpected status" >&2; exit 1; }
	p50=$(awk '{ print $2 * 1000 }' "$dir/times" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] }')
	cpu=$(echo "scale=1; ($c1 - $c0) * 1000 / $(getconf CLK_TCK) / $samples" | bc)
	printf '%-12s %8s %8s %8s\n' "$list" "$total" "$p50" "$cpu"
done
