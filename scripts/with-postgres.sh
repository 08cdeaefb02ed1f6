#!/usr/bin/env bash
# with-postgres.sh - run a command against a throwaway PostgreSQL server.
#
# Creates a cluster in a temporary directory (initdb + pg_ctl; as the
# unprivileged "postgres" user when run as root), listening only on a Unix
# socket inside that directory, exports PG_TEST_URL for the command, and
# stops and removes the cluster afterwards, whatever the command's outcome.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ]; then
	echo "with-postgres: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
	exit 1
fi
dir=$(mktemp -d /tmp/lianxin-pg.XXXXXX)
chmod 755 "$dir"
as=()
if [ "$(id -u)" -eq 0 ]; then
	chown postgres: "$dir"
	as=(runuser -u postgres --)
fi

cleanup() {
	"${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT

"${as[@]}" "$bindir/initdb" -D "$dir/data" -U lianxin -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
	{ cat "$dir/initdb.log" >&2; exit 1; }
"${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
	-o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c max_connections=200" start >/dev/null ||
	{ cat "$dir/server.log" >&2; exit 1; }
"${as[@]}" "$bindir/createdb" -h "$dir" -U lianxin lianxin_test

export PG_TEST_URL="postgresql:///lianxin_test?host=$dir&user=lianxin"
echo "with-postgres: PostgreSQL ($("$bindir/postgres" --version | awk '{print $3}')) at $dir"
"$@"
