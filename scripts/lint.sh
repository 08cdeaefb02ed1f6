#!/usr/bin/env bash
# lint.sh - the checks a compiler does not make:
#   - no banned C call (sprintf, strcpy, strcat, atoi, gets: unbounded or
#     unchecked; use snprintf, memcpy/stpcpy with a known size, parse_int64)
#     in src/, tests/ and bench/;
#   - every C file, Vue file and web script opens with a comment saying what
#     it is for;
#   - no include runs upward: a layer includes only itself and the layers
#     below it (core < db < http < auth < model < modules < demo < app < main);
#   - no source file over 1,500 lines, but the migration list.
# Prints every finding and fails when there is one.
set -uo pipefail
cd "$(dirname "$0")/.."
fail=0
say() { echo "lint: $*"; fail=1; }

c_files=$(git ls-files -co --exclude-standard 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 'bench/*.c' 'bench/*.h' | sort -u)

# banned calls, outside comments and strings
for f in $c_files; do
	[ -f "$f" ] || continue
	hits=$(sed -e 's://.*$::' -e 's:/\*.*\*/::g' -e 's:"\([^"\\]\|\\.\)*":"":g' "$f" |
		grep -nE '(^|[^a-zA-Z0-9_])(sprintf|strcpy|strcat|atoi|gets)[[:space:]]*\(' || true)
	while IFS= read -r hit; do
		[ -n "$hit" ] && say "$f:${hit%%:*}: banned call: ${hit#*:}"
	done <<<"$hits"
done

# purpose comments
web_files=$(git ls-files -co --exclude-standard 'web/src/*.vue' 'web/src/*.js' 'tests/e2e/*.mjs' | sort -u)
for f in $c_files $web_files; do
	[ -f "$f" ] || continue
	first=$(grep -m1 -v '^[[:space:]]*$' "$f")
	case "$f" in
	*.vue) [[ $first == '<!--'* ]] || say "$f: no purpose comment at the top (<!-- name.vue - what it is for -->)" ;;
	*) [[ $first == '/*'* || $first == '//'* ]] || say "$f: no purpose comment at the top" ;;
	esac
done

# includes run down the layers only
rank() {
	case "$1" in
	core) echo 0 ;; db) echo 1 ;; http) echo 2 ;; auth) echo 3 ;; model) echo 4 ;;
	modules) echo 5 ;; demo) echo 6 ;; app) echo 7 ;; main.c) echo 8 ;; *) echo -1 ;;
	esac
}
for f in $(git ls-files -co --exclude-standard 'src/*.c' 'src/*.h' | sort -u); do
	[ -f "$f" ] || continue
	from=${f#src/}; from=${from%%/*}
	rf=$(rank "$from")
	while IFS= read -r inc; do
		to=${inc%%/*}
		rt=$(rank "$to")
		[ "$rt" -ge 0 ] || continue
		[ "$rt" -le "$rf" ] || say "$f includes \"$inc\": $from may not reach up into $to"
	done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
done

# file length
for f in $(git ls-files -co --exclude-standard 'src/*.c' 'src/*.h' 'web/src/*.vue' 'web/src/*.js' | sort -u); do
	[ -f "$f" ] || continue
	case "$f" in src/db/migrations.c) continue ;; esac
	n=$(wc -l <"$f")
	[ "$n" -le 1500 ] || say "$f: $n lines (at most 1,500: split it by job)"
done

[ $fail -eq 0 ] && echo "lint: clean"
exit $fail
