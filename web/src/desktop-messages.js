// desktop-messages.js - zh/en texts only the desktop pages use (the header's division, lists and forms, the
// division pages, the menu, the registry, the procedures pc.*, the dashboards st.*), added to i18n's table when
// the desktop layout loads (shell/Layout.vue imports this file), so that the public form, the login and the phone
// pages do not parse them on their first load
import { messages } from './i18n.js'
import { pcZh, pcEn } from './procedures/messages.js'
import './dashboard/messages.js'

const deskZh = {
  division: { placeholder: '选择行政区划', whole: '全国', label: '当前区划', pick: '按名称选择区划（县 → 乡镇 → 村）' },
  list: {
    yes: '是', no: '否', all: '全部', save: '保存', create: '新增', edit: '编辑', del: '删除', actions: '操作',
    search: '搜索', reset: '重置', refresh: '刷新', confirm: '确定', close: '关闭', keyword: '关键字',
    keywordPh: '搜索 {fields}', moreFilters: '更多筛选', lessFilters: '收起筛选', empty: '暂无数据',
    saved: '已保存', created: '已新增', deleted: '已删除', deleteTitle: '删除确认',
    deleteConfirm: '确定删除“{name}”吗？此操作不可撤销。', reveal: '查看', revealTitle: '查看敏感信息',
    revealPrompt: '请填写查看“{field}”的理由（将记入审计日志）：', revealTooShort: '理由至少 2 个字',
    revealed: '{field}：{value}', loadFailed: '加载失败', exportXlsx: '导出 Excel', exportCsv: '导出 CSV',
    exporting: '正在导出 {rows} / {total} 行', exported: '已导出 {name}', exportFailed: '导出失败', unchanged: '留空表示不修改（当前 {value}）',
    divisionPh: '区划代码，如 469030100001', refPh: '输入名称搜索', createTitle: '新增{entity}',
    editTitle: '编辑{entity}', scope: '范围：{name}', idPh: '编号', select: '请选择', fixErrors: '请检查标红的字段',
    metaFailed: '无法加载数据字典', reasonPrompt: '请填写“{field}”（将记入动态调整记录）：'
  },
  divs: {
    tree: '区划树', treeSearch: '搜索名称或代码', selectHint: '请在左侧选择一个区划', childCount: '{n} 个下级',
    attrs: '基本信息', overview: '概况', groupsTab: '村民小组与网格', orgTab: '党组织体系',
    newGroup: '新增小组/网格', editGroup: '编辑小组/网格', editNode: '编辑属性', setCurrent: '设为当前区划',
    setCurrentDone: '已切换当前区划', noOrgs: '该区划下暂无党组织', demonstration: '示范', weak: '软弱涣散',
    secretary: '书记', gridWorkerHint: '从本村网格员（干部类别=网格员）中选择', noGridWorkers: '本村暂无网格员',
    orgsLimited: '仅显示前 {n} 个党组织', searchResults: '搜索结果', noResults: '无匹配区划',
    stats: {
      townships: '乡镇（街道）', villages: '村（社区）', groups: '小组/网格', orgs: '党组织', party_members: '党员',
      cadres: '干部', households: '户籍户数', population: '户籍人口', people: '人员', units: '帮扶单位', children: '直接下级'
    },
    levels: { province: '省', city: '市', county: '县', township: '乡镇', village: '村（社区）', group: '小组/网格' }
  },
  menu: {
    dashboard: '首页', divisions: '区划与组织', orgs: '党组织', units: '帮扶单位', people: '干部与党员', households: '建档立卡', householdList: '农户', monitoring: '监测对象', checks: '数据核查', imports: '导入', requests: '诉求', requestInbox: '待办', requestAll: '全部诉求', hotline: '热线受理', requestStats: '统计', routingRules: '派单规则', escalationTargets: '督办对象', calendar: '节假日', disclosures: '党务村务公开', memberReviews: '民主评议党员',
    partyLife: '组织生活', plNotices: '通知与任务', plMeetings: '会议记录', plCompliance: '合规情况', plDecisions: '四议两公开', plTrainings: '培训', plSchools: '家庭党校', plDuties: '责任清单', plTasks: '任务清单', plSchedules: '周调度', audit: '审计', users: '账号管理',
    pairings: '结对帮扶', pairingList: '结对关系', pairingsMine: '我的帮扶', pairingAreas: '片区', teams: '驻村工作队', teamMembers: '工作队员', coverage: '覆盖与缺口', coverageRules: '覆盖规则', visits: '走访记录', visitCoverage: '走访统计', visitCampaigns: '户户走到活动', leaves: '请假审批', presence: '驻村在岗', checkins: '驻村打卡', absences: '抽查缺岗', cadreAccounts: '帮扶干部账号',
    procedures: '识别与退出', procedureList: '程序办理', exitProposals: '退出评估', samplings: '抽查评估', rechecks: '回头看', countyReport: '贫困县退出评估', procedureSettings: '程序设置与村退出条件'
  },
  reg: {
    scopeRegistry: '建档立卡及监测户', scopeOther: '其他农户', scopeAll: '全部农户', createdNo: '已登记，户编号 {no}，户主已列为家庭成员',
    quickSearch: '查找姓名、户编号或证件号码', quickHint: '至少输入 1 个字', kindHousehold: '户', kindMember: '成员',
    export: '导出', exportXlsx: '导出 Excel', exportCsv: '导出 CSV', exported: '已导出 {name}',
    notAvailable: '服务器暂未提供该功能（{what}），请稍后再试。', back: '返回列表',
    headNo: '户编号', head: '户主', village: '所在村（组）', status: '户状态', attribute: '属性', mainCause: '主要致贫原因',
    secondary: '次要致贫原因', identifiedYear: '识别年度', exitedYear: '脱贫年度', editHousehold: '编辑户信息',
    tabs: { members: '家庭成员', income: '收入', guarantees: '两不愁三保障', measures: '帮扶措施', history: '动态调整记录', monitoring: '防返贫监测' },
    income: {
      year: '年度', wages: '工资性收入', production: '生产经营性收入', property: '财产性收入', transfers: '转移性收入',
      costs: '生产经营性支出', net: '家庭纯收入', people: '人口', perCapita: '人均纯收入', note: '备注', add: '录入收入',
      edit: '编辑 {year} 年收入', yuan: '元', chart: '人均纯收入与收入线', povertyLine: '贫困线', monitoringLine: '监测线',
      belowLine: '低于监测线', belowPoverty: '低于贫困线', ok: '高于收入线', none: '尚未录入收入', noMembers: '该户还没有家庭成员，请先登记成员再录入收入。',
      computed: '测算：家庭纯收入 {net} 元 ÷ {people} 人 = 人均 {pc} 元', pickYear: '选择年度'
    },
    g: {
      year: '年度', met: '“两不愁三保障”全部达标', notMet: '存在未达标指标', yes: '已保障', no: '未保障', unknown: '未填报',
      computed: '自动判定', recorded: '人工记录', overridden: '已人工覆盖', reason: '理由', adjust: '调整', dialog: '调整指标：{name}',
      value: '认定结果', clear: '清除人工记录', reasonNeeded: '覆盖自动判定的指标须填写理由', derived: '由成员和住房数据自动判定',
      manual: '由人工填报', saved: '已保存'
    },
    hist: { empty: '暂无动态调整记录', from: '由', to: '改为', reason: '原因', by: '操作人' },
    mon: { listTab: '监测对象', warnTab: '监测预警', year: '收入年度', candidates: '人均纯收入低于监测线、尚未纳入监测的农户',
      perCapita: '人均纯收入', line: '监测线', gap: '差额', include: '纳入监测', includeTitle: '纳入监测：{name}' },
    chk: {
      title: '数据核查', year: '年度', rule: '规则', all: '全部规则', byRule: '按规则', byDivision: '按区划分布', findings: '问题清单',
      count: '问题数', severity: { error: '错误', warning: '警告', info: '提示' }, field: '字段', value: '值', household: '农户',
      member: '成员', division: '区划', none: '未发现问题', run: '核查'
    },
    imp: {
      title: '导入农户', steps: { pick: '选择文件', check: '预检', done: '导入' }, pick: '选择 CSV / Excel 文件',
      pickHint: '支持 .csv 与 .xlsx；先预检，不写入数据。', dryRun: '开始预检', checking: '正在预检…', rows: '行数',
      households: '户数', members: '成员数', inserted: '新增', updated: '更新', unchanged: '未变', errors: '错误',
      errRow: '行', errColumn: '列', errValue: '值', errMessage: '问题', downloadMarked: '下载标注错误的 Excel',
      clean: '预检通过，可以导入。', dirty: '发现 {n} 处错误，请修改文件后重新预检。', confirm: '确认导入', doneTitle: '导入完成',
      again: '再导入一个文件', confirmText: '确定导入 {n} 户吗？'
    }
  },
  pc: pcZh
}

const deskEn = {
  division: { placeholder: 'Select a division', whole: 'Whole country', label: 'Division', pick: 'Pick a place by name (county → township → village)' },
  list: {
    yes: 'Yes', no: 'No', all: 'All', save: 'Save', create: 'New', edit: 'Edit', del: 'Delete', actions: 'Actions',
    search: 'Search', reset: 'Reset', refresh: 'Refresh', confirm: 'OK', close: 'Close', keyword: 'Keyword',
    keywordPh: 'Search {fields}', moreFilters: 'More filters', lessFilters: 'Fewer filters', empty: 'No data',
    saved: 'Saved', created: 'Created', deleted: 'Deleted', deleteTitle: 'Confirm deletion',
    deleteConfirm: 'Delete "{name}"? This cannot be undone.', reveal: 'View', revealTitle: 'View sensitive data',
    revealPrompt: 'Reason for viewing "{field}" (recorded in the audit log):', revealTooShort: 'At least 2 characters',
    revealed: '{field}: {value}', loadFailed: 'Loading failed', exportXlsx: 'Export Excel', exportCsv: 'Export CSV',
    exporting: 'Exporting {rows} / {total} rows', exported: 'Exported {name}', exportFailed: 'Export failed', unchanged: 'Leave empty to keep ({value})',
    divisionPh: 'Division code, e.g. 469030100001', refPh: 'Type a name to search', createTitle: 'New {entity}',
    editTitle: 'Edit {entity}', scope: 'Scope: {name}', idPh: 'ID', select: 'Select', fixErrors: 'Please check the fields marked in red',
    metaFailed: 'Cannot load the data dictionary', reasonPrompt: 'Please give the "{field}" (kept in the change history):'
  },
  divs: {
    tree: 'Division tree', treeSearch: 'Search name or code', selectHint: 'Select a division on the left', childCount: '{n} below',
    attrs: 'Attributes', overview: 'Overview', groupsTab: 'Groups & grids', orgTab: 'Party organisations',
    newGroup: 'New group/grid', editGroup: 'Edit group/grid', editNode: 'Edit', setCurrent: 'Use as current division',
    setCurrentDone: 'Current division changed', noOrgs: 'No party organisations in this division', demonstration: 'Model',
    weak: 'Weak & lax', secretary: 'Secretary', gridWorkerHint: 'Grid workers of this village (cadre role = grid worker)',
    noGridWorkers: 'No grid workers in this village', orgsLimited: 'Showing the first {n} organisations',
    searchResults: 'Search results', noResults: 'No matching divisions',
    stats: {
      townships: 'Townships', villages: 'Villages', groups: 'Groups/grids', orgs: 'Party orgs', party_members: 'Party members',
      cadres: 'Cadres', households: 'Households', householdList: 'Households', monitoring: 'Monitoring', checks: 'Data checks', imports: 'Import', population: 'Population', people: 'People', units: 'Units', children: 'Direct children'
    },
    levels: { province: 'Province', city: 'City', county: 'County', township: 'Township', village: 'Village', group: 'Group/grid' }
  },
  menu: {
    dashboard: 'Dashboard', divisions: 'Divisions & orgs', orgs: 'Party orgs', units: 'Units', people: 'Cadres & members', households: 'Households', householdList: 'Households', monitoring: 'Monitoring', checks: 'Data checks', imports: 'Import', requests: 'Requests', requestInbox: 'Inbox', requestAll: 'All requests', hotline: 'Hotline', requestStats: 'Figures', routingRules: 'Routing rules', escalationTargets: 'Escalation targets', calendar: 'Holidays', disclosures: 'Disclosures', memberReviews: 'Member reviews',
    partyLife: 'Party life', plNotices: 'Notices & tasks', plMeetings: 'Meetings', plCompliance: 'Compliance', plDecisions: 'Major decisions', plTrainings: 'Trainings', plSchools: 'Family schools', plDuties: 'Responsibility lists', plTasks: 'Task lists', plSchedules: 'Weekly dispatch', audit: 'Audit', users: 'Accounts',
    pairings: 'Pairings', pairingList: 'Pairings', pairingsMine: 'My households', pairingAreas: 'Areas', teams: 'Resident teams', teamMembers: 'Team members', coverage: 'Coverage and gaps', coverageRules: 'Coverage rules', visits: 'Visits', visitCoverage: 'Visit figures', visitCampaigns: 'Visit campaigns', leaves: 'Leave', presence: 'Presence', checkins: 'Check-ins', absences: 'Absences found', cadreAccounts: 'Cadre accounts',
    procedures: 'Identification & exit', procedureList: 'Cases', exitProposals: 'Exit proposals', samplings: 'Sampling audits', rechecks: 'Re-checks', countyReport: 'County exit report', procedureSettings: 'Settings and village conditions'
  },
  reg: {
    scopeRegistry: 'Registered or monitored', scopeOther: 'Other households', scopeAll: 'All households', createdNo: 'Registered as household {no}; the head is listed as a member',
    quickSearch: 'Find a name, household number or ID number', quickHint: 'Type at least 1 character', kindHousehold: 'Household', kindMember: 'Member',
    export: 'Export', exportXlsx: 'Export Excel', exportCsv: 'Export CSV', exported: 'Exported {name}',
    notAvailable: 'The server does not offer this yet ({what}). Please try again later.', back: 'Back to the list',
    headNo: 'Household number', head: 'Head', village: 'Village or group', status: 'Status', attribute: 'Attribute', mainCause: 'Main cause',
    secondary: 'Secondary causes', identifiedYear: 'Year identified', exitedYear: 'Year exited', editHousehold: 'Edit household',
    tabs: { members: 'Members', income: 'Income', guarantees: 'Two assurances, three guarantees', measures: 'Help given', history: 'Change history', monitoring: 'Monitoring' },
    income: {
      year: 'Year', wages: 'Wages', production: 'Production income', property: 'Property income', transfers: 'Transfers',
      costs: 'Production costs', net: 'Net income', people: 'People', perCapita: 'Per capita', note: 'Note', add: 'Enter income',
      edit: 'Income of {year}', yuan: 'yuan', chart: 'Per-capita income and income lines', povertyLine: 'Poverty line', monitoringLine: 'Monitoring line',
      belowLine: 'Below the monitoring line', belowPoverty: 'Below the poverty line', ok: 'Above the lines', none: 'No income entered yet', noMembers: 'The household has no members yet: register them before the income.',
      computed: 'Net income {net} ÷ {people} people = {pc} per capita', pickYear: 'Year'
    },
    g: {
      year: 'Year', met: 'All guarantees met', notMet: 'Some guarantees are not met', yes: 'Met', no: 'Not met', unknown: 'Not recorded',
      computed: 'Computed', recorded: 'Recorded', overridden: 'Overridden', reason: 'Reason', adjust: 'Adjust', dialog: 'Adjust: {name}',
      value: 'Result', clear: 'Clear the record', reasonNeeded: 'Overriding a computed indicator needs a reason', derived: 'Computed from members and housing',
      manual: 'Recorded by hand', saved: 'Saved'
    },
    hist: { empty: 'No changes recorded', from: 'from', to: 'to', reason: 'Reason', by: 'By' },
    mon: { listTab: 'Monitored households', warnTab: 'Early warning', year: 'Income year', candidates: 'Households under the monitoring line and not monitored',
      perCapita: 'Per capita', line: 'Monitoring line', gap: 'Gap', include: 'Start monitoring', includeTitle: 'Start monitoring: {name}' },
    chk: {
      title: 'Data checks', year: 'Year', rule: 'Rule', all: 'All rules', byRule: 'By rule', byDivision: 'By division', findings: 'Findings',
      count: 'Count', severity: { error: 'Error', warning: 'Warning', info: 'Info' }, field: 'Field', value: 'Value', household: 'Household',
      member: 'Member', division: 'Division', none: 'No problems found', run: 'Check'
    },
    imp: {
      title: 'Import households', steps: { pick: 'Pick a file', check: 'Dry run', done: 'Import' }, pick: 'Choose a CSV / Excel file',
      pickHint: '.csv and .xlsx; the dry run writes nothing.', dryRun: 'Dry run', checking: 'Checking…', rows: 'Rows',
      households: 'Households', members: 'Members', inserted: 'Inserted', updated: 'Updated', unchanged: 'Unchanged', errors: 'Errors',
      errRow: 'Row', errColumn: 'Column', errValue: 'Value', errMessage: 'Problem', downloadMarked: 'Download the marked Excel',
      clean: 'The dry run passed: ready to import.', dirty: '{n} errors: fix the file and run the check again.', confirm: 'Import now', doneTitle: 'Imported',
      again: 'Import another file', confirmText: 'Import {n} households?'
    }
  },
  pc: pcEn
}

Object.assign(messages.zh, deskZh)
Object.assign(messages.en, deskEn)
