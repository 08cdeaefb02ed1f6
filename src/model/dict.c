/* dict.c - the dictionaries, one table each. */
#include "model/dict.h"

#include <string.h>

#define ITEMS(name) name, (int)(sizeof(name) / sizeof(name[0]))

static const struct dict_item division_types[] = {
	{ "province", "省", "Province" },
	{ "city", "市", "City" },
	{ "county", "县", "County" },
	{ "township", "乡镇", "Township" },
	{ "subdistrict", "街道", "Subdistrict" },
	{ "village", "村委会", "Village committee" },
	{ "residents", "居委会", "Residents' committee" },
	{ "community", "社区", "Community" },
	{ "group", "村民小组", "Villagers' group" },
	{ "grid", "网格", "Grid" },
	{ "other", "其他", "Other" },
};

static const struct dict_item org_types[] = {
	{ "county_committee", "县委", "County party committee" },
	{ "township_committee", "乡镇党委", "Township party committee" },
	{ "general_branch", "党总支", "General party branch" },
	{ "village_branch", "村党支部", "Village party branch" },
	{ "community_branch", "社区党支部", "Community party branch" },
	{ "party_group", "党小组", "Party group" },
	{ "organ_branch", "机关党支部", "Government organ branch" },
	{ "enterprise_branch", "企业党支部", "Enterprise branch" },
	{ "association_branch", "行业协会党支部", "Industry association branch" },
	{ "cooperative_branch", "合作社党支部", "Cooperative branch" },
	{ "school_branch", "学校党支部", "School branch" },
	{ "other_branch", "其他党组织", "Other party organisation" },
};

static const struct dict_item unit_kinds[] = {
	{ "national", "中央单位", "National unit" },
	{ "provincial", "省直单位", "Provincial unit" },
	{ "city", "市直单位", "City unit" },
	{ "county_organ", "县直机关", "County organ" },
	{ "township_organ", "乡镇机关", "Township organ" },
	{ "public_institution", "事业单位", "Public institution" },
	{ "soe", "国有企业", "State-owned enterprise" },
	{ "private", "民营企业", "Private enterprise" },
	{ "cooperative", "农民专业合作社", "Farmers' cooperative" },
	{ "association", "行业协会", "Industry association" },
	{ "other", "其他", "Other" },
};

static const struct dict_item sexes[] = {
	{ "M", "男", "Male" },
	{ "F", "女", "Female" },
};

static const struct dict_item political_statuses[] = {
	{ "member", "中共党员", "CPC member" },
	{ "probationary", "中共预备党员", "Probationary CPC member" },
	{ "league", "共青团员", "Communist Youth League member" },
	{ "democratic", "民主党派", "Democratic party member" },
	{ "masses", "群众", "Non-party" },
};

static const struct dict_item cadre_roles[] = {
	{ "county_leader", "县级领导", "County leader" },
	{ "county_staff", "县直部门干部", "County department cadre" },
	{ "township_leader", "乡镇领导班子成员", "Township leader" },
	{ "township_staff", "乡镇干部", "Township cadre" },
	{ "village_secretary", "村党组织书记", "Village party secretary" },
	{ "village_director", "村委会主任", "Village committee director" },
	{ "village_cadre", "村干部", "Village cadre" },
	{ "first_secretary", "驻村第一书记", "Resident first secretary" },
	{ "resident_team", "驻村工作队员", "Resident work team member" },
	{ "graduate_official", "大学生村官", "Graduate village official" },
	{ "grid_worker", "网格员", "Grid worker" },
	{ "grid_supervisor", "网格长", "Grid supervisor" },
	{ "assistance_cadre", "帮扶责任人", "Assistance cadre" },
	{ "unit_staff", "帮扶单位干部", "Assisting unit staff" },
};

static const struct dict_item educations[] = {
	{ "none", "文盲或半文盲", "Illiterate" },
	{ "primary", "小学", "Primary school" },
	{ "junior", "初中", "Junior secondary" },
	{ "senior", "高中", "Senior secondary" },
	{ "vocational", "中专/职高", "Vocational secondary" },
	{ "college", "大专", "College" },
	{ "bachelor", "本科", "Bachelor" },
	{ "postgraduate", "研究生", "Postgraduate" },
};

/* GB/T 3304 codes of the ethnic groups of the seed counties and the largest others. */
static const struct dict_item ethnicities[] = {
	{ "01", "汉族", "Han" },
	{ "02", "蒙古族", "Mongol" },
	{ "03", "回族", "Hui" },
	{ "04", "藏族", "Tibetan" },
	{ "05", "维吾尔族", "Uyghur" },
	{ "06", "苗族", "Miao" },
	{ "07", "彝族", "Yi" },
	{ "08", "壮族", "Zhuang" },
	{ "09", "布依族", "Buyei" },
	{ "10", "朝鲜族", "Korean" },
	{ "11", "满族", "Manchu" },
	{ "12", "侗族", "Dong" },
	{ "13", "瑶族", "Yao" },
	{ "14", "白族", "Bai" },
	{ "15", "土家族", "Tujia" },
	{ "16", "哈尼族", "Hani" },
	{ "18", "傣族", "Dai" },
	{ "19", "黎族", "Li" },
	{ "22", "佤族", "Va" },
	{ "24", "拉祜族", "Lahu" },
	{ "33", "德昂族", "De'ang" },
	{ "97", "其他", "Other" },
};

static const struct dict_item member_statuses[] = {
	{ "full", "正式党员", "Full member" },
	{ "probationary", "预备党员", "Probationary member" },
};

static const struct dict dicts[] = {
	{ "division_type", "区划类型", "Division type", ITEMS(division_types) },
	{ "org_type", "党组织类型", "Party organisation type", ITEMS(org_types) },
	{ "unit_kind", "单位类别", "Unit kind", ITEMS(unit_kinds) },
	{ "sex", "性别", "Sex", ITEMS(sexes) },
	{ "political_status", "政治面貌", "Political status", ITEMS(political_statuses) },
	{ "cadre_role", "干部类别", "Cadre role", ITEMS(cadre_roles) },
	{ "education", "文化程度", "Education", ITEMS(educations) },
	{ "ethnicity", "民族", "Ethnicity", ITEMS(ethnicities) },
	{ "member_status", "党员类别", "Membership status", ITEMS(member_statuses) },
};

const struct dict *dict_find(const char *name)
{
	for (size_t i = 0; i < sizeof(dicts) / sizeof(dicts[0]); i++)
		if (strcmp(dicts[i].name, name) == 0)
			return &dicts[i];
	return NULL;
}

const struct dict_item *dict_item(const struct dict *d, const char *code)
{
	for (int i = 0; d && code && i < d->nitems; i++)
		if (strcmp(d->items[i].code, code) == 0)
			return &d->items[i];
	return NULL;
}

json_t *dict_all_json(void)
{
	json_t *all = json_object();
	for (size_t i = 0; i < sizeof(dicts) / sizeof(dicts[0]); i++) {
		json_t *items = json_array();
		for (int k = 0; k < dicts[i].nitems; k++)
			json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "code", dicts[i].items[k].code,
							       "zh", dicts[i].items[k].zh, "en", dicts[i].items[k].en));
		json_object_set_new(all, dicts[i].name,
				    json_pack("{s:s, s:s, s:o}", "zh", dicts[i].zh, "en", dicts[i].en, "items", items));
	}
	return all;
}
