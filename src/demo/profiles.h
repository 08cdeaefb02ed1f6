/*
 * profiles.h - what the demo generator knows of a county: the figures of
 * the seed reports of the five seed counties (profiles.c), zero where a
 * default is derived from the village count.
 */
#ifndef LIANXIN_DEMO_PROFILES_H
#define LIANXIN_DEMO_PROFILES_H

#include <stdbool.h>

#define MAX_ETHNIC 4
#define MAX_INDUSTRIES 8

enum grid_mode { GRIDS_DEFAULT, GRIDS, GROUPS };

struct ethnic_share {
	const char *code;
	int permille;
};

/* Zero means "derive a default". */
struct demo_profile {
	const char *county, *short_name;        /* "凤庆": the county is "凤庆县" */
	int hh_min, hh_max;                     /* registered households of a rural village */
	enum grid_mode grid_mode;
	int grids, supervisors;                 /* grids (or groups) in all, grid supervisors */
	const char *supervisor_title;           /* the county's word for a grid supervisor; NULL: 网格长 */
	int total_orgs, party_members;
	int county_leaders, township_cadres;    /* township cadres: leaders and staff together */
	int zone_villages;                      /* villages in the county leaders' responsibility zones (凤庆 187); 0: all */
	int first_secretaries, resident_team, graduate_officials;
	int poor_villages;
	int units, enterprises, associations, cooperatives;
	int unit_cadres;                        /* 挂包帮 cadres of the units in all (凤庆 6,730); 0: as needed */
	int paired_units;                       /* units paired with villages in 挂包帮, enterprises too (凤庆 160);
						   0: an organ for every poor village and a third of the others */
	int demonstration, weak, wealth_leaders, reserve_cadres, rural_talents;
	int both_roles_permille;                /* villages whose secretary is also the director */
	int theme_day;                          /* one day of the month for every organisation */
	struct ethnic_share ethnic[MAX_ETHNIC];
	const char *industries[MAX_INDUSTRIES];
	int poor_share_lo, poor_share_hi;       /* permille of a poor village's households registered (建档立卡) */
	int other_share_lo, other_share_hi;     /* the same in the other rural villages */
	int line_permille;                      /* the income line against the national one */
	bool provincial_standard;               /* identified by the province's own line */
	int secretaries_trained;                /* person-times of the branch-secretary trainings of the year */
	int family_schools, family_school_sessions;   /* 农村家庭党校 and their sessions a year */
};

/* The profile of a county: its own, or the defaults of any other county. */
const struct demo_profile *demo_profile_of(const char *county);

/* p for a county scale times as large (lianxin demo --scale): its figures of people who help
 * households (township cadres, the units' 挂包帮 cadres) times scale, the others as they are. */
void demo_profile_scale(const struct demo_profile *p, int scale, struct demo_profile *out);

#endif
