/*
 * procedure_defs.h - the procedures a household goes through, as data: for
 * each kind (identification, exit, monitoring identification, risk
 * elimination; a village's and a county's exit) its steps in order, the roles that may take each step, what
 * a step needs (a vote, evidence, the household's signed form), the public
 * notice a step opens (its days, and the step an objection sends the case
 * back to), and what the last step does to the registry.  One engine
 * (procedures.c) runs every kind from this table.
 */
#ifndef LIANXIN_MODULES_PROCEDURES_DEFS_H
#define LIANXIN_MODULES_PROCEDURES_DEFS_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/roles.h"

#define R(role) (1u << (role))

enum step_need {
	NEED_VOTES = 1 << 0,      /* a democratic appraisal: for / against / abstain, passes by a majority of those voting */
	NEED_EVIDENCE = 1 << 1,   /* at least one file on record (verification forms, photos) */
	NEED_SIGNED = 1 << 2,     /* the household's signed acknowledgement among the evidence */
	NEED_NOTICE = 1 << 3,     /* opens a public notice; the next step waits until it has run */
};

struct step_def {
	const char *code, *zh, *en;
	unsigned roles;           /* R(ROLE_...) that may take it */
	unsigned needs;           /* enum step_need */
	int notice_days;          /* NEED_NOTICE: working days the notice runs at least (national calendar) */
	const char *back_to;      /* NEED_NOTICE: the step an objection sends the case back to */
};

enum procedure_effect {
	EFFECT_IDENTIFY,          /* the household becomes registered poor that year */
	EFFECT_EXIT,              /* the household exits that year (the only way it does) */
	EFFECT_MONITOR,           /* a monitoring case opens */
	EFFECT_ELIMINATE,         /* the open monitoring case closes: risk eliminated */
	EFFECT_PLACE_EXIT,        /* a poor village or county exits that year (divisions.poverty_exit_year) */
};

/* What a case is about: a household, or a place (a poor village, a poor county). */
enum procedure_subject { SUBJECT_HOUSEHOLD, SUBJECT_VILLAGE, SUBJECT_COUNTY };

struct procedure_def {
	const char *kind, *zh, *en;
	const struct step_def *steps;
	int nsteps;
	enum procedure_effect effect;
	enum procedure_subject subject;
	const char *statuses;     /* the household statuses a case may open on, space-separated; NULL: any
				   * (monitoring: no open case; elimination: an open case of at least six months) */
};

const struct procedure_def *procedure_def_find(const char *kind);
/* Index of step code in def, or -1. */
int procedure_step_index(const struct procedure_def *def, const char *code);
/* Every kind, for listing. */
extern const struct procedure_def *const procedure_defs[];
extern const int procedure_defs_count;

#endif
