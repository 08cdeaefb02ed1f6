/*
 * migrations.h - the list of schema migrations (see migrate.h).
 * Append new migrations at the end of the table in migrations.c; never
 * edit one that has been released.
 */
#ifndef LIANXIN_DB_MIGRATIONS_H
#define LIANXIN_DB_MIGRATIONS_H

struct migration {
	int version;
	const char *name;
	const char *sql;         /* portable SQL with @ID@ / @CODE@ tokens */
	const char *sqlite_sql;  /* run after sql on SQLite, may be NULL */
	const char *pg_sql;      /* run after sql on PostgreSQL, may be NULL */
};

extern const struct migration migrations[];
extern const int migrations_count;

#endif
