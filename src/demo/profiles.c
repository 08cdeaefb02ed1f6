/* profiles.c - the five seed counties' figures (their seed reports) and the defaults of any other county. */
#include "demo/profiles.h"

#include <string.h>

#define N(a) (int)(sizeof(a) / sizeof(a[0]))

static const struct demo_profile profiles[] = {
	{ /* 琼中: 148 grids, 148 grid workers, 13 grid supervisors; 26 demonstration and 11 weak
	   * branches; 283 wealth-creation leaders */
	  .county = "469030", .short_name = "琼中", .hh_min = 250, .hh_max = 800, .grid_mode = GRIDS, .grids = 148,
	  .supervisors = 13, .supervisor_title = "网格监管员", .demonstration = 26, .weak = 11, .wealth_leaders = 283, .both_roles_permille = 500,
	  .ethnic = { { "19", 500 }, { "06", 80 } },
	  .industries = { "橡胶", "槟榔", "绿橙", "灵芝", "蜜蜂养殖", "山鸡养殖", "乡村旅游", "益智种植" } },
	{ /* 凤庆: 160 paired units, 348 first secretaries, 578 resident-team members, 138 graduate
	   * village officials, 62 industry-association branches, 12,592 rural talents (capped); 583
	   * family party schools with a monthly activity day and a quarterly exchange week, 7,996 sessions;
	   * 24 county leaders with party-building responsibility zones, zones over 187 villages;
	   * 挂包帮: "全县160个党政企事业单位6730名干部职工参与“挂包帮”定点帮扶": the 160 units (party,
	   * government, enterprises, institutions) paired with villages, their 6,730 cadres with poor households */
	  .county = "530921", .short_name = "凤庆", .hh_min = 400, .hh_max = 1100, .units = 160, .unit_cadres = 6730,
	  .paired_units = 160,
	  .county_leaders = 24, .zone_villages = 187,
	  .first_secretaries = 348, .resident_team = 578, .graduate_officials = 138, .associations = 62,
	  .rural_talents = 12592, .family_schools = 583, .family_school_sessions = 7996,
	  .ethnic = { { "07", 150 }, { "14", 20 }, { "06", 10 }, { "03", 5 } },
	  .industries = { "茶叶", "核桃", "烤烟", "畜牧", "蔬菜", "中药材", "乡村旅游" } },
	{ /* 乳源: 438 organisations, 10,721 party members, 90.4% secretary-directors, a reserve pool
	   * of 406, the volunteers' fixed day on the 25th, 580 township cadres */
	  .county = "440232", .short_name = "乳源", .hh_min = 300, .hh_max = 900, .total_orgs = 438,
	  .party_members = 10721, .both_roles_permille = 904, .reserve_cadres = 406, .theme_day = 25,
	  .township_cadres = 580, .ethnic = { { "13", 100 } },
	  /* Guangdong identified by its own, higher line (about 1.3 times the national one):
	   * poor households' per-capita income about 4,000 yuan in 2016, 8,000 in 2018 */
	  .line_permille = 1300, .provincial_standard = true,
	  .industries = { "茶叶", "竹木", "生态旅游", "养蜂", "水果", "食用菌" } },
	{ /* 怀安: villagers' groups as grids; resident work teams */
	  .county = "130728", .short_name = "怀安", .hh_min = 120, .hh_max = 450, .grid_mode = GROUPS,
	  .ethnic = { { "03", 3 }, { "11", 3 } },
	  .industries = { "葡萄", "杂粮", "蔬菜", "肉羊养殖", "光伏", "马铃薯" } },
	{ /* 竹山: 43 county leaders, 239 first secretaries and 426 team cadres, 103 enterprises
	   * paired with 83 poor villages; "group the grid"; 702 branch secretaries trained; weekly
	   * scheduling and monthly bulletins */
	  .county = "420323", .short_name = "竹山", .hh_min = 300, .hh_max = 1000, .grid_mode = GROUPS,
	  .county_leaders = 43, .first_secretaries = 239, .resident_team = 426, .enterprises = 103,
	  .poor_villages = 83, .secretaries_trained = 702, .ethnic = { { "15", 5 } },
	  /* 48,000 of the 100,000+ households visited were registered poor */
	  .poor_share_lo = 650, .poor_share_hi = 750, .other_share_lo = 420, .other_share_hi = 520,
	  .industries = { "绿松石", "茶叶", "中药材", "魔芋", "乡村旅游", "食用菌", "畜牧" } },
};

static const struct demo_profile default_profile = {
	.hh_min = 150, .hh_max = 900, .grid_mode = GRIDS_DEFAULT,
	.industries = { "种植", "养殖", "蔬菜", "水果", "乡村旅游", "中药材" },
};

void demo_profile_scale(const struct demo_profile *p, int scale, struct demo_profile *out)
{
	*out = *p;
	out->township_cadres *= scale;
	out->unit_cadres *= scale;
}

const struct demo_profile *demo_profile_of(const char *county)
{
	for (int i = 0; i < N(profiles); i++)
		if (strcmp(profiles[i].county, county) == 0)
			return &profiles[i];
	return &default_profile;
}
