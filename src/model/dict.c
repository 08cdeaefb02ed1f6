/* dict.c - the dictionaries, one table each. */
#include "model/dict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

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

/* GB 3304-1991 (中国各民族名称的罗马字母拼写法和代码): the 56 ethnic groups 01-56, 97 其他, 98 外国血统中国籍人士. */
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
	{ "17", "哈萨克族", "Kazak" },
	{ "18", "傣族", "Dai" },
	{ "19", "黎族", "Li" },
	{ "20", "傈僳族", "Lisu" },
	{ "21", "佤族", "Va" },
	{ "22", "畲族", "She" },
	{ "23", "高山族", "Gaoshan" },
	{ "24", "拉祜族", "Lahu" },
	{ "25", "水族", "Sui" },
	{ "26", "东乡族", "Dongxiang" },
	{ "27", "纳西族", "Naxi" },
	{ "28", "景颇族", "Jingpo" },
	{ "29", "柯尔克孜族", "Kirgiz" },
	{ "30", "土族", "Tu" },
	{ "31", "达斡尔族", "Daur" },
	{ "32", "仫佬族", "Mulao" },
	{ "33", "羌族", "Qiang" },
	{ "34", "布朗族", "Blang" },
	{ "35", "撒拉族", "Salar" },
	{ "36", "毛南族", "Maonan" },
	{ "37", "仡佬族", "Gelao" },
	{ "38", "锡伯族", "Xibe" },
	{ "39", "阿昌族", "Achang" },
	{ "40", "普米族", "Pumi" },
	{ "41", "塔吉克族", "Tajik" },
	{ "42", "怒族", "Nu" },
	{ "43", "乌孜别克族", "Uzbek" },
	{ "44", "俄罗斯族", "Russian" },
	{ "45", "鄂温克族", "Ewenki" },
	{ "46", "德昂族", "De'ang" },
	{ "47", "保安族", "Bonan" },
	{ "48", "裕固族", "Yugur" },
	{ "49", "京族", "Gin" },
	{ "50", "塔塔尔族", "Tatar" },
	{ "51", "独龙族", "Derung" },
	{ "52", "鄂伦春族", "Oroqen" },
	{ "53", "赫哲族", "Hezhen" },
	{ "54", "门巴族", "Monba" },
	{ "55", "珞巴族", "Lhoba" },
	{ "56", "基诺族", "Jino" },
	{ "97", "其他", "Other" },
	{ "98", "外国血统中国籍人士", "Chinese citizen of foreign origin" },
};

static const struct dict_item member_statuses[] = {
	{ "full", "正式党员", "Full member" },
	{ "probationary", "预备党员", "Probationary member" },
};

static const struct dict_item hh_attributes[] = {
	{ "general", "一般贫困户", "Ordinary poor household" },
	{ "dibao", "低保贫困户", "Minimum-living-allowance poor household" },
	{ "tekun", "特困供养贫困户", "Extreme-poverty supported household" },
};

/* the poverty status only: monitoring (防返贫监测) is a record of its own, a household may be both */
static const struct dict_item hh_statuses[] = {
	{ "not_registered", "非建档立卡户", "Not registered" },
	{ "poor", "未脱贫", "Poor" },
	{ "exited_enjoying", "已脱贫（享受政策）", "Exited, still enjoying policy" },
	{ "exited", "已脱贫（不再享受政策）", "Exited" },
	{ "relapsed", "返贫", "Relapsed" },
	{ "removed", "自然销户", "Household closed (naturally removed)" },
};

static const struct dict_item id_standards[] = {
	{ "national", "国家标准", "National standard" },
	{ "provincial", "省定标准", "Provincial standard" },
	{ "city", "市定标准", "City standard" },
};

/* the national list of 11 causes plus 其他 */
static const struct dict_item poverty_causes[] = {
	{ "illness", "因病", "Illness" },
	{ "disability", "因残", "Disability" },
	{ "schooling", "因学", "Schooling costs" },
	{ "disaster", "因灾", "Disaster" },
	{ "land", "缺土地", "Lack of land" },
	{ "water", "缺水", "Lack of water" },
	{ "skills", "缺技术", "Lack of skills" },
	{ "labour", "缺劳动力", "Lack of labour" },
	{ "funds", "缺资金", "Lack of funds" },
	{ "transport", "交通条件落后", "Poor transport" },
	{ "motivation", "自身发展动力不足", "Lack of motivation" },
	{ "other", "其他", "Other" },
};

static const struct dict_item housing_structures[] = {
	{ "steel_concrete", "钢混", "Reinforced concrete" },
	{ "brick_concrete", "砖混", "Brick and concrete" },
	{ "brick_wood", "砖木", "Brick and timber" },
	{ "earth_wood", "土木", "Earth and timber" },
	{ "wood", "木结构", "Timber" },
	{ "other", "其他", "Other" },
};

static const struct dict_item housing_grades[] = {
	{ "A", "A级（安全）", "A (safe)" },
	{ "B", "B级（基本安全）", "B (basically safe)" },
	{ "C", "C级（局部危房）", "C (partly dangerous)" },
	{ "D", "D级（整幢危房）", "D (dangerous)" },
};

static const struct dict_item relocations[] = {
	{ "none", "未搬迁", "Not relocated" },
	{ "centralized", "集中安置", "Centralised resettlement" },
	{ "scattered", "分散安置", "Scattered resettlement" },
};

static const struct dict_item relations[] = {
	{ "head", "户主", "Head" },
	{ "spouse", "配偶", "Spouse" },
	{ "son", "之子", "Son" },
	{ "daughter", "之女", "Daughter" },
	{ "son_in_law", "之女婿", "Son-in-law" },
	{ "daughter_in_law", "之儿媳", "Daughter-in-law" },
	{ "grandson", "之孙子", "Grandson" },
	{ "granddaughter", "之孙女", "Granddaughter" },
	{ "father", "之父", "Father" },
	{ "mother", "之母", "Mother" },
	{ "grandparent", "之祖父母", "Grandparent" },
	{ "sibling", "兄弟姐妹", "Sibling" },
	{ "other", "其他", "Other" },
};

static const struct dict_item member_educations[] = {
	{ "illiterate", "文盲或半文盲", "Illiterate or semi-literate" },
	{ "primary", "小学", "Primary school" },
	{ "junior", "初中", "Junior secondary" },
	{ "senior", "高中", "Senior secondary" },
	{ "college", "大专及以上", "College or above" },
	{ "preschool", "学龄前儿童", "Pre-school child" },
};

static const struct dict_item school_statuses[] = {
	{ "none", "非在校生", "Not in school" },
	{ "preschool", "学前教育", "Pre-school" },
	{ "primary", "小学", "Primary school" },
	{ "grade7", "七年级", "Grade 7" },
	{ "grade8", "八年级", "Grade 8" },
	{ "grade9", "九年级", "Grade 9" },
	{ "senior", "高中", "Senior secondary" },
	{ "vocational", "中职", "Vocational secondary" },
	{ "higher_vocational", "高职", "Higher vocational" },
	{ "college", "大专及以上", "College or above" },
};

static const struct dict_item healths[] = {
	{ "healthy", "健康", "Healthy" },
	{ "chronic", "长期慢性病", "Chronic illness" },
	{ "serious", "患有大病", "Serious illness" },
	{ "disabled", "残疾", "Disabled" },
};

static const struct dict_item labours[] = {
	{ "ordinary", "普通劳动力", "Ordinary labour" },
	{ "skilled", "技能劳动力", "Skilled labour" },
	{ "weak", "弱劳动力或半劳动力", "Weak or half labour" },
	{ "lost", "丧失劳动力", "Lost working capacity" },
	{ "none", "无劳动力", "No working capacity" },
};

static const struct dict_item work_statuses[] = {
	{ "none", "未务工", "Not working away" },
	{ "in_township", "乡（镇）内务工", "Working in the township" },
	{ "in_county", "乡（镇）外县内务工", "Working in the county" },
	{ "in_province", "县外省内务工", "Working in the province" },
	{ "out_province", "省外务工", "Working outside the province" },
	{ "other", "其他", "Other" },
};

static const struct dict_item measure_types[] = {
	{ "industry", "产业帮扶", "Industry" },
	{ "employment", "就业帮扶", "Employment" },
	{ "public_post", "公益性岗位", "Public-welfare job" },
	{ "health", "健康帮扶", "Health" },
	{ "education", "教育帮扶", "Education" },
	{ "housing", "住房安全保障（危房改造）", "Housing safety (renovation)" },
	{ "water", "饮水安全保障", "Drinking water" },
	{ "relocation", "易地扶贫搬迁", "Relocation" },
	{ "microcredit", "小额信贷", "Microcredit" },
	{ "safety_net", "兜底保障", "Social safety net" },
	{ "solar", "光伏扶贫", "Solar power" },
	{ "ecology", "生态补偿", "Ecological compensation" },
	{ "social", "社会帮扶", "Social assistance" },
	{ "infrastructure", "基础设施建设", "Infrastructure" },
	{ "other", "其他", "Other" },
};

static const struct dict_item five_batches[] = {
	{ "production", "发展生产脱贫一批", "Out of poverty through production" },
	{ "relocation", "易地搬迁脱贫一批", "Out of poverty through relocation" },
	{ "ecology", "生态补偿脱贫一批", "Out of poverty through ecological compensation" },
	{ "education", "发展教育脱贫一批", "Out of poverty through education" },
	{ "safety_net", "社会保障兜底一批", "Covered by social security" },
};

static const struct dict_item monitor_categories[] = {
	{ "unstable", "脱贫不稳定户", "Unstable exited household" },
	{ "marginal", "边缘易致贫户", "Marginal household at risk" },
	{ "sudden", "突发严重困难户", "Household in sudden severe difficulty" },
};

/* 风险消除方式 (domain.md 3.6) */
static const struct dict_item elimination_methods[] = {
	{ "assisted", "帮扶消除", "Eliminated through assistance" },
	{ "natural", "自然消除", "Eliminated naturally" },
};

static const struct dict_item risk_types[] = {
	{ "illness", "因病", "Illness" },
	{ "disability", "因残", "Disability" },
	{ "schooling", "因学", "Schooling costs" },
	{ "disaster", "因自然灾害", "Natural disaster" },
	{ "accident", "因意外事故", "Accident" },
	{ "unemployment", "因务工就业不稳", "Unstable employment" },
	{ "industry", "因产业项目失败", "Failed business" },
	{ "housing", "住房出现安全问题", "Unsafe housing" },
	{ "water", "饮水安全问题", "Drinking water" },
	{ "income_drop", "收入骤减", "Sudden income drop" },
	{ "expense", "支出骤增", "Sudden expense" },
	{ "other", "其他", "Other" },
};

static const struct dict_item found_bys[] = {
	{ "self_report", "农户自主申报", "Self-reported" },
	{ "cadre_check", "基层干部排查", "Found by cadres" },
	{ "department_alert", "部门筛查预警", "Department alert" },
};

static const struct dict_item request_channels[] = {
	{ "grid", "网格员代办", "Grid worker" },
	{ "hotline", "热线电话", "Hotline" },
	{ "walk_in", "服务中心/党员驿站来访", "Walk-in at a service centre" },
	{ "kiosk", "智能终端", "Smart terminal" },
	{ "web", "网上提交", "Public web form" },
	{ "visit", "走访发现", "Found on a home visit" },
	{ "api", "其他系统转入", "From another system" },
};

static const struct dict_item urgencies[] = {
	{ "normal", "一般", "Normal" },
	{ "urgent", "紧急", "Urgent" },
	{ "emergency", "特急", "Emergency" },
};

static const struct dict_item satisfactions[] = {
	{ "satisfied", "满意", "Satisfied" },
	{ "basic", "基本满意", "Basically satisfied" },
	{ "unsatisfied", "不满意", "Unsatisfied" },
};

static const struct dict_item request_statuses[] = {
	{ "submitted", "待签收", "Submitted" },
	{ "signed", "已签收", "Signed for" },
	{ "transferred", "已转办", "Transferred" },
	{ "in_progress", "办理中", "In progress" },
	{ "replied", "已答复", "Replied" },
	{ "visited", "已回访", "Called back" },
	{ "closed", "已办结", "Closed" },
	{ "reopened", "重新办理", "Reopened" },
	{ "returned", "已退回", "Returned (misrouted)" },
	{ "merged", "已合并", "Merged (duplicate)" },
	{ "withdrawn", "已撤回", "Withdrawn" },
};

static const struct dict_item request_kinds[] = {
	{ "help", "求助", "Request for help" },
	{ "consult", "咨询", "Enquiry" },
	{ "complaint", "投诉", "Complaint" },
	{ "suggestion", "建议", "Suggestion" },
	{ "dispute", "矛盾纠纷", "Dispute" },
};

static const struct dict_item responsible_levels[] = {
	{ "county", "县级", "County" },
	{ "township", "乡镇", "Township" },
	{ "village", "村（社区）", "Village" },
};

static const struct dict_item meeting_kinds[] = {
	{ "branch_general", "支部党员大会", "Branch general meeting" },
	{ "branch_committee", "支部委员会", "Branch committee meeting" },
	{ "party_group", "党小组会", "Party group meeting" },
	{ "party_lecture", "党课", "Party lecture" },
	{ "theme_day", "主题党日", "Theme party day" },
	{ "org_life", "组织生活会", "Organisational life meeting" },
	{ "member_review", "民主评议党员", "Democratic review of members" },
	{ "township_village_work", "乡镇党委研究村级工作会议", "Township committee meeting on village work" },
	{ "area_meeting", "片区会议", "Area meeting" },
	{ "two_committees", "村两委会议", "Village two-committee meeting" },
	{ "villager_reps", "村民代表会议", "Villager representatives' meeting" },
	{ "women_reps", "妇女代表会议", "Women representatives' meeting" },
	{ "party_building_monthly", "基层党建工作例会", "Monthly party-building meeting" },
};

static const struct dict_item meeting_frequencies[] = {
	{ "weekly", "每周", "Weekly" },
	{ "monthly", "每月", "Monthly" },
	{ "quarterly", "每季度", "Quarterly" },
	{ "yearly", "每年", "Yearly" },
};

static const struct dict_item decision_steps[] = {
	{ "proposal", "村党组织提议", "Proposal by the branch" },
	{ "joint_deliberation", "村两委会议商议", "Deliberation by both committees" },
	{ "members_review", "党员大会审议", "Review by the members' meeting" },
	{ "reps_decision", "村民代表会议决议", "Decision by the representatives' meeting" },
	{ "publish_decision", "决议公开", "Decision made public" },
	{ "publish_result", "实施结果公开", "Result made public" },
};

static const struct dict_item training_kinds[] = {
	{ "branch_secretaries", "村（社区）党组织书记培训", "Branch secretaries' training" },
	{ "skills", "技能培训", "Skills training" },
	{ "e_commerce", "电商培训", "E-commerce training" },
	{ "farming", "种养殖培训", "Farming training" },
	{ "family_school", "农村家庭党校", "Family party school" },
	{ "other", "其他", "Other" },
};

static const struct dict_item task_statuses[] = {
	{ "pending", "未到期", "Pending" },
	{ "done", "按时反馈", "Done" },
	{ "late", "逾期反馈", "Reported late" },
	{ "overdue", "逾期未反馈", "Overdue" },
};

static const struct dict_item disclosure_kinds[] = {
	{ "party_affairs", "党务公开", "Party affairs" },
	{ "village_affairs", "村务公开", "Village affairs" },
	{ "finance", "财务公开", "Finances" },
	{ "decision", "四议两公开决议及实施结果", "Major-matter decision and result" },
	{ "poverty", "扶贫项目和资金公告", "Poverty-alleviation projects and funds" },
};

static const struct dict_item review_grades[] = {
	{ "excellent", "优秀", "Excellent" },
	{ "qualified", "合格", "Qualified" },
	{ "basic", "基本合格", "Basically qualified" },
	{ "unqualified", "不合格", "Unqualified" },
};

static const struct dict_item duty_levels[] = {
	{ "county", "县级", "County" },
	{ "township", "乡镇级", "Township" },
	{ "village", "村级", "Village" },
};

static const struct dict_item duty_roles[] = {
	{ "secretary", "党组织书记", "Party secretary" },
	{ "first_secretary", "驻村第一书记", "Resident first secretary" },
	{ "team_member", "班子成员", "Leadership member" },
	{ "resident_team", "驻村工作队", "Resident work team" },
};

static const struct dict_item duty_categories[] = {
	{ "party_building", "党的建设", "Party building" },
	{ "poverty", "脱贫攻坚", "Poverty alleviation" },
	{ "governance", "基层治理", "Governance" },
	{ "industry", "产业发展", "Industry" },
	{ "conduct", "作风建设", "Conduct" },
	{ "other", "其他", "Other" },
};

static const struct dict_item item_statuses[] = {
	{ "not_started", "未开始", "Not started" },
	{ "in_progress", "推进中", "In progress" },
	{ "done", "已完成", "Done" },
};

/* derived when read: the status against the deadline (China time) */
static const struct dict_item item_states[] = {
	{ "open", "推进中", "Open" },
	{ "overdue", "逾期未完成", "Overdue" },
	{ "done", "按期完成", "Done on time" },
	{ "late", "逾期完成", "Done late" },
};

/* pairings (modules/pairings): kinds of pairing, team roles, visits, leave, coverage rules */
static const struct dict_item pairing_kinds[] = {
	{ "unit_village", "单位挂村（挂包帮）", "Unit and village (挂包帮)" },
	{ "branch_village", "机关支部结对村支部", "Organ branch and village branch" },
	{ "enterprise_village", "村企共建", "Enterprise and village" },
	{ "leader_township", "县级领导包联乡镇", "County leader and township" },
	{ "leader_zone", "县级领导党建责任区", "County leader's responsibility zone" },
	{ "leader_area", "乡镇班子成员包片", "Township leader and area" },
	{ "cadre_village", "干部挂点指导村", "Cadre guiding a village" },
	{ "cadre_household", "帮扶责任人", "Assistance cadre and household" },
	{ "member_household", "党员联户（1+X）", "Party member and households (1+X)" },
	{ "grid_worker", "网格员包网格", "Grid worker and grid" },
	{ "grid_supervisor", "网格长督导网格", "Grid supervisor and grids" },
	{ "mutual_aid", "互助组（5-7户）", "Mutual-aid group (5-7 households)" },
};

static const struct dict_item team_roles[] = {
	{ "first_secretary", "第一书记（队长）", "First secretary (team leader)" },
	{ "member", "工作队员", "Team member" },
};

static const struct dict_item visit_kinds[] = {
	{ "home", "入户走访", "Home visit" },
	{ "phone", "电话联系", "Phone call" },
	{ "gathering", "院坝会", "Gathering" },
	{ "patrol", "巡村", "Village patrol" },
};

static const struct dict_item leave_statuses[] = {
	{ "pending", "待审批", "Pending" },
	{ "approved", "已批准", "Approved" },
	{ "rejected", "未批准", "Rejected" },
};

static const struct dict_item approver_levels[] = {
	{ "township", "乡镇党委审批", "The township party committee" },
	{ "county", "县委组织部审批", "The county organisation department" },
};

static const struct dict_item coverage_rules[] = {
	{ "leader_area", "乡镇班子成员各包1个片区", "Every township leader has exactly one area" },
	{ "cadre_village", "干部挂点指导村", "Every township cadre guides villages" },
	{ "cadre_households", "干部帮扶户数下限", "Every township cadre helps enough households" },
	{ "cadre_max_households", "干部帮扶户数上限", "No cadre helps too many households" },
	{ "village_guide", "每村有挂点干部", "Every village has a guiding cadre" },
	{ "household_helper", "建档立卡户和监测户有帮扶责任人", "Every registered or monitored household has a helper" },
	{ "village_first_secretary", "贫困村和软弱涣散村有第一书记", "Poor and weak villages have a first secretary" },
	{ "village_team_size", "贫困村和软弱涣散村工作队人数", "Poor and weak villages have a large enough team" },
	{ "enterprise_village", "村企共建有结对村", "Every enterprise pairing has a village" },
	{ "visit_registered", "建档立卡户按期走访", "Registered households visited in the period" },
	{ "visit_monitored", "监测户按期走访", "Monitored households visited in the period" },
	{ "visit_all", "户户走到", "Every household visited (户户走到)" },
	{ "leader_village_days", "乡镇领导每周在村天数", "Township leaders' days in villages a week" },
	{ "visit_helper_household", "帮扶责任人按期走访结对户", "Each helper visits its households in the period" },
	{ "visit_member_household", "党员按期走访联系户（1+X）", "Each 1+X party member visits its households in the period" },
	{ "visit_guide_village", "挂点干部按期到挂点村", "Each guiding cadre visits its village in the period" },
	{ "visit_area_village", "乡镇班子成员按期走访片区各村", "Each township leader visits every village of its area in the period" },
	{ "visit_zone_village", "县级领导按期走访责任区各村", "Each county leader visits every village of its zone in the period" },
	{ "visit_first_secretary", "第一书记按期走访本村建档和监测户", "Each first secretary visits its village's registered and monitored households" },
	{ "presence_days", "驻村干部每月在村天数", "Resident cadres' days in the village a month" },
	{ "leave_township_days", "乡镇可批准的请假天数", "Leave days the township may approve" },
};

/* the command structure (modules/command): 竹山's 一办十九组 and 战区/前沿, 琼中's combat units */
static const struct dict_item command_kinds[] = {
	{ "county_hq", "县指挥部", "County headquarters" },
	{ "office", "指挥部办公室", "Headquarters office" },
	{ "working_group", "专项工作组", "Working group" },
	{ "township_hq", "乡镇指挥部（战区）", "Township headquarters (war zone)" },
	{ "village_post", "村指挥所（前沿）", "Village command post (front)" },
	{ "combat_hq", "县级作战单元（总指挥部）", "County combat headquarters" },
	{ "team_large", "大队", "Large team" },
	{ "team_medium", "中队", "Medium team" },
	{ "team_small", "小队", "Small team" },
};

static const struct dict_item command_roles[] = {
	{ "commander", "指挥长", "Commander" },
	{ "deputy", "副指挥长", "Deputy commander" },
	{ "director", "办公室主任", "Office director" },
	{ "lead", "组长（队长）", "Group or team lead" },
	{ "deputy_lead", "副组长（副队长）", "Deputy lead" },
	{ "member", "成员", "Member" },
	{ "liaison", "联络员", "Liaison" },
};

/* What an audit row records (model/audit.h, struct audit_entry's action): every action the
 * modules write, so that the audit page and its export name each in words. */
static const struct dict_item audit_actions[] = {
	{ "login", "登录", "Login" },
	{ "login_failed", "登录失败", "Login failed" },
	{ "lockout", "账号锁定", "Lockout" },
	{ "logout", "退出", "Logout" },
	{ "password_change", "修改密码", "Password change" },
	{ "password_reset", "重置密码", "Password reset" },
	{ "create", "新增", "Create" },
	{ "update", "修改", "Update" },
	{ "delete", "删除", "Delete" },
	{ "reveal", "查看敏感信息", "Reveal" },
	{ "view", "浏览健康信息", "Health data shown" },
	{ "export", "导出", "Export" },
	{ "denied", "拒绝访问", "Denied" },
	{ "sign", "签收通知", "Notice signed" },
	{ "report", "报告完成", "Task reported" },
	{ "remind", "催办", "Reminder" },
	{ "progress", "报送进展", "Progress reported" },
	{ "decision_step", "四议两公开步骤", "Decision step" },
	{ "procedure_open", "启动程序", "Procedure opened" },
	{ "procedure_step", "程序步骤", "Procedure step" },
	{ "procedure_objection", "公示异议", "Objection" },
	{ "procedure_withdraw", "撤回程序", "Procedure withdrawn" },
	{ "procedure_batch_open", "启动批次", "Batch opened" },
	{ "procedure_batch_step", "批次步骤", "Batch step" },
	{ "raise_request", "转为诉求", "Request raised" },
	{ "add_photo", "上传照片", "Photo added" },
	{ "decide", "审批请假", "Leave decided" },
	{ "recall", "召回", "Recall" },
	{ "rekey", "更换密钥", "Keys changed" },
	{ "audit_purge", "清理审计日志", "Audit log purged" },
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
	{ "hh_attribute", "贫困户属性", "Household attribute", ITEMS(hh_attributes) },
	{ "hh_status", "户状态", "Household status", ITEMS(hh_statuses) },
	{ "id_standard", "识别标准", "Identification standard", ITEMS(id_standards) },
	{ "poverty_cause", "致贫原因", "Cause of poverty", ITEMS(poverty_causes) },
	{ "housing_structure", "住房结构", "Housing structure", ITEMS(housing_structures) },
	{ "housing_grade", "住房安全等级", "Housing safety grade", ITEMS(housing_grades) },
	{ "relocation", "易地搬迁", "Relocation", ITEMS(relocations) },
	{ "relation", "与户主关系", "Relation to the head", ITEMS(relations) },
	{ "member_education", "文化程度", "Education", ITEMS(member_educations) },
	{ "school_status", "在校生状况", "School status", ITEMS(school_statuses) },
	{ "health", "健康状况", "Health", ITEMS(healths) },
	{ "labour", "劳动技能", "Working capacity", ITEMS(labours) },
	{ "work_status", "务工状况", "Work status", ITEMS(work_statuses) },
	{ "measure_type", "帮扶措施类别", "Kind of help", ITEMS(measure_types) },
	{ "five_batches", "五个一批", "Five batches", ITEMS(five_batches) },
	{ "monitor_category", "监测对象类别", "Monitoring category", ITEMS(monitor_categories) },
	{ "elimination_method", "风险消除方式", "How the risk was eliminated", ITEMS(elimination_methods) },
	{ "risk_type", "风险类型", "Risk type", ITEMS(risk_types) },
	{ "found_by", "发现方式", "How found", ITEMS(found_bys) },
	{ "request_channel", "诉求渠道", "Channel", ITEMS(request_channels) },
	{ "disclosure_kind", "公开类别", "Kind of disclosure", ITEMS(disclosure_kinds) },
	{ "review_grade", "民主评议等次", "Review grade", ITEMS(review_grades) },
	{ "urgency", "紧急程度", "Urgency", ITEMS(urgencies) },
	{ "satisfaction", "满意度", "Satisfaction", ITEMS(satisfactions) },
	{ "request_status", "办理状态", "Request status", ITEMS(request_statuses) },
	{ "request_kind", "诉求类型", "Kind of request", ITEMS(request_kinds) },
	{ "responsible_level", "责任层级", "Responsible level", ITEMS(responsible_levels) },
	{ "meeting_kind", "会议类型", "Meeting kind", ITEMS(meeting_kinds) },
	{ "meeting_frequency", "会议频次", "Meeting frequency", ITEMS(meeting_frequencies) },
	{ "decision_step", "四议两公开步骤", "Major-matter decision step", ITEMS(decision_steps) },
	{ "training_kind", "培训类型", "Training kind", ITEMS(training_kinds) },
	{ "task_status", "任务状态", "Task status", ITEMS(task_statuses) },
	{ "duty_level", "责任层级", "Level", ITEMS(duty_levels) },
	{ "duty_role", "责任岗位", "Post", ITEMS(duty_roles) },
	{ "duty_category", "责任类别", "Category", ITEMS(duty_categories) },
	{ "item_status", "办理状态", "Status", ITEMS(item_statuses) },
	{ "item_state", "完成情况", "Against the deadline", ITEMS(item_states) },
	{ "pairing_kind", "结对类型", "Kind of pairing", ITEMS(pairing_kinds) },
	{ "team_role", "工作队职务", "Team role", ITEMS(team_roles) },
	{ "visit_kind", "走访方式", "Kind of visit", ITEMS(visit_kinds) },
	{ "leave_status", "请假审批状态", "Leave status", ITEMS(leave_statuses) },
	{ "approver_level", "审批层级", "Approved by", ITEMS(approver_levels) },
	{ "coverage_rule", "覆盖规则", "Coverage rule", ITEMS(coverage_rules) },
	{ "command_kind", "指挥体系类别", "Kind of command post", ITEMS(command_kinds) },
	{ "command_role", "指挥体系职务", "Role in a command post", ITEMS(command_roles) },
	{ "audit_action", "审计操作", "Audit action", ITEMS(audit_actions) },
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

const char *dict_label_zh(const struct dict *d, const char *code)
{
	const struct dict_item *it = dict_item(d, code);
	return it ? it->zh : code;
}

const char *dict_labels_zh(const struct dict *d, const char *codes, struct arena *a)
{
	size_t len = 1;
	for (const char *p = codes; *p;) {
		size_t n = strcspn(p, ",");
		len += strlen(dict_label_zh(d, arena_strndup(a, p, n))) + strlen("、");
		p += n + (p[n] == ',');
	}
	char *out = arena_alloc(a, len), *end = out;
	*out = '\0';
	for (const char *p = codes; *p;) {
		size_t n = strcspn(p, ",");
		if (end != out)
			end = stpcpy(end, "、");
		end = stpcpy(end, dict_label_zh(d, arena_strndup(a, p, n)));
		p += n + (p[n] == ',');
	}
	return out;
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

char *dict_values_text(const struct dict *d, bool zh, struct arena *a)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	if (f == NULL)
		return arena_strdup(a, "");
	for (int i = 0; d && i < d->nitems; i++) {
		if (zh)
			fprintf(f, "%s%s", i ? "、" : "", d->items[i].zh);
		else
			fprintf(f, "%s%s (%s)", i ? ", " : "", d->items[i].code, d->items[i].en);
	}
	fclose(f);
	char *out = arena_strdup(a, s ? s : "");
	free(s);
	return out;
}
