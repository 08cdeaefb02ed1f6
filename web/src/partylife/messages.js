// messages.js - zh/en texts of the party organisational life pages (pl.*)
export const plZh = {
  notices: '通知与任务', meetings: '会议记录', compliance: '合规情况', decisions: '四议两公开', trainings: '培训',
  schools: '农村家庭党校', edit: '编辑', del: '删除', confirmTitle: '请确认', deleted: '已删除', ok: '确定',
  delConfirm: '确定删除“{name}”吗？删除后不可恢复，操作将记入审计日志。',
  refresh: '刷新', open: '查看', back: '返回', save: '保存', saved: '已保存', create: '新增', submit: '提交', cancel: '取消',
  org: '党组织', orgPh: '输入党组织名称搜索', division: '区划', all: '全部', none: '无', empty: '暂无数据', time: '时间',
  n: {
    inbox: '收到的通知', sent: '全部通知', send: '发通知', title: '标题', body: '正文', attachments: '附件',
    attachmentsPh: '每行一个附件名称或链接', from: '发文党组织', target: '接收区划', targetTypes: '接收党组织类型',
    targetTypesPh: '不选则为区划内全部党组织', onePerVillage: '每村只发一份（发给村党支部或党总支，不再分发到下属支部）', task: '任务（需反馈）', due: '截止日期', targets: '接收方', signed: '已签收',
    reported: '已反馈', created: '发布时间', recipient: '接收党组织', read: '已读', unread: '未读', unsigned: '未签收',
    notReported: '未反馈', markRead: '标为已读', sign: '签收', report: '反馈', reportTitle: '反馈：{title}', reportText: '反馈内容',
    onlyPending: '仅未签收', roster: '回执名单', levels: '按层级汇总', remind: '催办', reminded: '已催办 {n} 个党组织',
    remindConfirm: '向尚未{what}的党组织发送催办提醒？', reminders: '催办次数', level: '层级', orgs: '党组织数',
    done: '按时反馈', late: '逾期反馈', overdue: '逾期未反馈', pending: '未到期', sent_ok: '通知已发送，{n} 个党组织接收',
    signedOk: '已签收', readOk: '已标为已读', reportedOk: '已反馈', notice: '通知', taskTag: '任务', dueAt: '截止 {due}',
    filter: { all: '全部', unread: '未读', unsigned: '未签收', not_reported: '未反馈', reported: '已反馈' }, allLevels: '全部层级',
    levelFilterHint: '点击数字只看该层级的相应接收方', filtered: '筛选：{what}', actFor: '以 {org} 的名义', noReceipts: '暂无接收方',
    onlyTodo: '只看待办（未签收或未反馈）', tasks: '任务督办', newTask: '发任务', taskStatus: '任务状态', progress: '反馈进度',
    noOwnOrgs: '当前账号的管辖范围是全国，没有本级党组织，收文箱为空。各接收方的签收、反馈情况请在“全部通知”中打开通知查看回执名单。',
    ownHint: '本级党组织收到的通知和任务（管辖区划本级的党组织）', edit: '修改通知', withdraw: '撤回',
    withdrawConfirm: '确定撤回“{title}”吗？撤回后所有接收方都将看不到该通知。', withdrawn: '已撤回',
    st: { open: '进行中', overdue: '逾期未完成', done: '按时完成', late: '逾期完成' }
  },
  m: {
    status: '状态', held: '已召开', planned: '计划召开', quorumNo: '到会正式党员未过半数，不计入', quorumYes: '到会正式党员过半数',
    month: '月份', kind: '会议类型', list: '会议列表', new: '记录会议', start: '召开时间', place: '地点', host: '主持人',
    topic: '议题', attendees: '参会人员', rosterHint: '从该党组织名册中勾选应到人员；未到者请填写缺席原因',
    present: '出席', absent: '缺席', reason: '缺席原因', minutes: '会议记录', decisions: '会议决定', evidence: '佐证材料',
    evidencePh: '每行一项（照片、签到表等的名称或链接）', urgent: '紧急会议', urgentReason: '紧急召开的理由',
    freeDay: '无会日', freeDayHint: '该日为无会日。确需召开的，请勾选“紧急会议”并填写理由后再提交。', attendance: '出席 / 应到',
    created: '已记录会议', detail: '会议详情', pickOrg: '请先选择党组织', noRoster: '该党组织名册暂无人员', selectAll: '全选',
    weekday: '星期', day: '日期', byDay: '按日期', edit: '修改会议', saved: '会议已修改',
    citedHint: '该会议已被“四议两公开”步骤引用，党组织、会议类型和出席情况不能再修改。',
    viewList: '列表', viewCalendar: '日历', prevMonth: '上个月', nextMonth: '下个月', thisMonth: '本月',
    monthTotal: '本月共 {n} 场会议', more: '还有 {n} 场', nMeetings: '{n} 场', urgentN: '紧急 {n}',
    dayTitle: '{day} {weekday}：{n} 场会议', dayAll: '在列表中查看当日全部 {n} 场', noMeetings: '当日没有会议',
    freeDayLegend: '无会日（{days}）', urgentLegend: '紧急会议', onDay: '日期：{range}', wholeMonth: '回到整月',
    calendarScope: '日历按所选区划统计；无会日按所选区划的设置标出'
  },
  c: {
    periodType: '统计周期', month: '月', quarter: '季度', year: '年', period: '周期', tabReport: '合规情况', tabSettings: '设置',
    orgs: '应考核党组织', compliant: '合规党组织', rate: '合规率', byDivision: '下级区划合规率', missing: '缺会清单',
    expected: '应开', held: '已开', missingN: '缺', frequency: '频次', freeDays: '无会日', freeDaysHint: '所选区划的无会日（下级未单独设置的沿用上级设置）',
    inherited: '沿用 {code} 的设置', own: '本区划设置', notSet: '未设置', rules: '会议规则', orgType: '党组织类型', times: '次数',
    perLeader: '按班子成员计', addRule: '添加规则', del: '删除', pickDivision: '请先在顶部选择区划', noMissing: '该周期没有缺会',
    q: '第 {n} 季度', weekdays: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'], rulesSaved: '会议规则已保存',
    onlyNoncompliant: '只看未达标', orgList: '党组织名单', kinds: '各类会议（已开 / 应开）', status: '状态', ok: '达标', notOk: '未达标', inProgress: '进行中', national: '全国', periodInProgress: '本期尚未结束：截至 {date}，只有已结束的周、月、季度计为缺会，其余为待开', open: '待开'
  },
  d: {
    list: '事项列表', new: '新增事项', title: '事项名称', content: '事项内容', village: '所属村', villagePh: '村（社区）12 位区划代码',
    stage: '进度', status: '状态', next: '下一步', steps: '六个步骤', record: '记录步骤', step: '步骤', meeting: '引用会议（可选）',
    meetingPh: '选择该村的相应会议', total: '应到人数', present: '实到人数', for: '赞成人数', note: '说明', at: '时间', actor: '记录人',
    st: { new: '未开始', in_progress: '进行中', done: '已完成' }, doneAll: '六个步骤已全部完成', recorded: '已记录：{step}',
    quorumHint: '党员大会：实到不少于应到的 2/3，赞成超过应到的半数；村民代表会议：实到不少于 2/3，赞成超过实到的半数。',
    pickVillage: '请在顶部选择一个村（社区），或填写村的区划代码',
    merged: '提议与商议合并（一肩挑）', mergedHint: '村党组织书记与村委会主任“一肩挑”的，可将村党组织提议与村“两委”会议商议一并记录。',
    edit: '修改事项', delHint: '已记录步骤的事项不能删除'
  },
  t: {
    list: '培训列表', stats: '统计', new: '新增培训', organiser: '主办党组织', kind: '培训类型', title: '培训主题', venue: '地点',
    start: '开始时间', hours: '学时', attendees: '参训人员', attendeesPh: '输入姓名搜索（主办党组织范围内）', count: '参训人数',
    personTimes: '人次', people: '人数', trainings: '期数', range: '时间范围', created: '已新增培训', detail: '培训详情', totals: '合计',
    edit: '修改培训', saved: '培训已修改', exchange: '季度交流活动', school: '家庭党校'
  },
  f: {
    list: '家庭党校名单', report: '活动情况', period: '统计周期', schools: '家庭党校', compliant: '活动达标', rate: '达标率',
    sessions: '开展活动', personTimes: '参加人次', hours: '学时', byDivision: '下级区划达标率', table: '各家庭党校活动情况',
    name: '家庭党校', division: '所在村（组）', day: '活动日', week: '交流周', months: '月度活动（已开 / 应开）', onDay: '按活动日',
    quarters: '季度交流（已开 / 应开）', inWeek: '在交流周', onlyGaps: '只看有缺项的', record: '记录活动', recordTitle: '记录活动：{name}',
    exchange: '本次为季度交流活动', exchangeHint: '每季度一次的家庭党校之间的交流活动，应在交流周内开展', recorded: '已记录家庭党校活动',
    dayN: '每月 {n} 日', weekN: '季度第 {n} 周', sessionsOf: '活动记录', ok: '达标', gap: '有缺项', none: '所选周期无需考核的家庭党校'
  },
  w: {
    orgList: '组织责任清单', manage: '清单管理', items: '责任事项', year: '年度', pickOrg: '请选择党组织', inherited: '上级模板',
    own: '本级', publishedBy: '{name}发布', holder: '责任岗位', orgItself: '党组织', noLists: '该党组织本年度暂无责任清单',
    count: '共 {n} 项', list: '任务清单', rollup: '完成情况汇总', state: '完成情况', progress: '进展', report: '报告进展',
    reportTitle: '报告进展：{title}', text: '进展情况', status: '办理状态', completedOn: '完成日期', reported: '已报告进展',
    history: '进展记录', total: '任务数', done: '已完成', onTime: '按期完成', late: '逾期完成', overdue: '逾期未完成',
    open: '未完成', rate: '完成率', deadline: '完成时限', week: '调度周', pickWeek: '选择周', sheet: '周调度', monthly: '月通报',
    noSchedule: '该党组织本周尚未开展周调度', newSchedule: '开展本周调度', carried: '上周结转', closedThisWeek: '本周办结',
    newItem: '新增调度事项', matter: '调度事项', resp: '责任单位', month: '月份', scheduled: '调度事项数', asOf: '截至 {day}',
    firstWeek: '首次调度'
  }
}

export const plEn = {
  notices: 'Notices & tasks', meetings: 'Meetings', compliance: 'Compliance', decisions: 'Four deliberations, two disclosures', trainings: 'Trainings',
  schools: 'Family party schools', edit: 'Edit', del: 'Delete', confirmTitle: 'Please confirm', deleted: 'Deleted', ok: 'OK',
  delConfirm: 'Delete "{name}"? This cannot be undone and is audited.',
  refresh: 'Refresh', open: 'Open', back: 'Back', save: 'Save', saved: 'Saved', create: 'New', submit: 'Submit', cancel: 'Cancel',
  org: 'Organisation', orgPh: 'Type an organisation name', division: 'Division', all: 'All', none: 'None', empty: 'No data', time: 'Time',
  n: {
    inbox: 'Received', sent: 'All notices', send: 'Send a notice', title: 'Title', body: 'Text', attachments: 'Attachments',
    attachmentsPh: 'One attachment name or link per line', from: 'From', target: 'Target division', targetTypes: 'Organisation types',
    targetTypesPh: 'Empty: every organisation of the division', onePerVillage: 'One copy per village (its branch or general branch, not each sub-branch)', task: 'Task (needs a report)', due: 'Due date', targets: 'Recipients', signed: 'Signed',
    reported: 'Reported', created: 'Sent', recipient: 'Recipient', read: 'Read', unread: 'Unread', unsigned: 'Not signed',
    notReported: 'Not reported', markRead: 'Mark read', sign: 'Sign', report: 'Report', reportTitle: 'Report: {title}', reportText: 'Report',
    onlyPending: 'Not signed only', roster: 'Receipts', levels: 'By level', remind: 'Remind', reminded: 'Reminded {n} organisations',
    remindConfirm: 'Remind the organisations that have not {what} yet?', reminders: 'Reminders', level: 'Level', orgs: 'Organisations',
    done: 'Done', late: 'Reported late', overdue: 'Overdue', pending: 'Pending', sent_ok: 'Sent to {n} organisations',
    signedOk: 'Signed', readOk: 'Marked read', reportedOk: 'Reported', notice: 'Notice', taskTag: 'Task', dueAt: 'Due {due}',
    filter: { all: 'All', unread: 'Unread', unsigned: 'Not signed', not_reported: 'Not reported', reported: 'Reported' }, allLevels: 'All levels',
    levelFilterHint: 'Click a number to list those recipients of the level', filtered: 'Filter: {what}', actFor: 'As {org}', noReceipts: 'No recipients',
    onlyTodo: 'To do only (not signed or not reported)', tasks: 'Tasks', newTask: 'New task', taskStatus: 'Task status', progress: 'Reports',
    noOwnOrgs: 'Your scope is the whole country: you have no organisation of your own, so the inbox is empty. Open a notice under "All notices" to see its receipts.',
    ownHint: 'Notices and tasks received by your own organisations (those at your scope division)', edit: 'Edit notice', withdraw: 'Withdraw',
    withdrawConfirm: 'Withdraw "{title}"? No recipient will see it any more.', withdrawn: 'Withdrawn',
    st: { open: 'Open', overdue: 'Overdue', done: 'Done on time', late: 'Done late' }
  },
  m: {
    status: 'Status', held: 'Held', planned: 'Planned', quorumNo: 'No more than half of the full members present: does not count', quorumYes: 'More than half of the full members present',
    month: 'Month', kind: 'Kind', list: 'Meetings', new: 'Record a meeting', start: 'Starts', place: 'Place', host: 'Host',
    topic: 'Topic', attendees: 'Attendees', rosterHint: 'Tick the expected people from the roster; give a reason for each absence',
    present: 'Present', absent: 'Absent', reason: 'Reason', minutes: 'Minutes', decisions: 'Decisions', evidence: 'Evidence',
    evidencePh: 'One item per line (photos, sign-in sheet…)', urgent: 'Urgent meeting', urgentReason: 'Why it cannot wait',
    freeDay: 'Meeting-free day', freeDayHint: 'This is a meeting-free day. Tick "Urgent meeting" and give the reason to hold it anyway.', attendance: 'Present / expected',
    created: 'Meeting recorded', detail: 'Meeting', pickOrg: 'Choose the organisation first', noRoster: 'The roster is empty', selectAll: 'All',
    weekday: 'Weekday', day: 'Day', byDay: 'By day', edit: 'Edit meeting', saved: 'Meeting saved',
    citedHint: 'A 四议两公开 step cites this meeting: its organisation, kind and attendance stay as they are.',
    viewList: 'List', viewCalendar: 'Calendar', prevMonth: 'Previous month', nextMonth: 'Next month', thisMonth: 'This month',
    monthTotal: '{n} meetings this month', more: '{n} more', nMeetings: '{n}', urgentN: '{n} urgent',
    dayTitle: '{day} {weekday}: {n} meetings', dayAll: 'All {n} of the day in the list', noMeetings: 'No meetings on this day',
    freeDayLegend: 'Meeting-free ({days})', urgentLegend: 'Urgent meeting', onDay: 'Dates: {range}', wholeMonth: 'Whole month',
    calendarScope: 'Counts the selected division; meeting-free days as set for it'
  },
  c: {
    periodType: 'Period', month: 'Month', quarter: 'Quarter', year: 'Year', period: 'Period', tabReport: 'Compliance', tabSettings: 'Settings',
    orgs: 'Organisations assessed', compliant: 'Compliant', rate: 'Rate', byDivision: 'Rate by division', missing: 'Missing meetings',
    expected: 'Expected', held: 'Held', missingN: 'Missing', frequency: 'Frequency', freeDays: 'Meeting-free days', freeDaysHint: 'Meeting-free weekdays of the selected division (inherited from above unless set here)',
    inherited: 'Inherited from {code}', own: 'Set here', notSet: 'Not set', rules: 'Meeting rules', orgType: 'Organisation type', times: 'Times',
    perLeader: 'Per leader', addRule: 'Add a rule', del: 'Delete', pickDivision: 'Select a division in the header first', noMissing: 'No missing meetings',
    q: 'Q{n}', weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], rulesSaved: 'Meeting rules saved',
    onlyNoncompliant: 'Non-compliant only', orgList: 'Organisations', kinds: 'Meetings (held / expected)', status: 'Status', ok: 'Compliant', notOk: 'Not compliant', inProgress: 'In progress', national: 'national', periodInProgress: 'The period has not ended: as of {date} only the weeks, months and quarters that have ended count as missed; the rest is open', open: 'Open'
  },
  d: {
    list: 'Matters', new: 'New matter', title: 'Title', content: 'Content', village: 'Village', villagePh: '12-digit village code',
    stage: 'Progress', status: 'Status', next: 'Next step', steps: 'Six steps', record: 'Record a step', step: 'Step', meeting: 'Meeting (optional)',
    meetingPh: 'A meeting of the village', total: 'Total', present: 'Present', for: 'For', note: 'Note', at: 'At', actor: 'By',
    st: { new: 'Not started', in_progress: 'In progress', done: 'Done' }, doneAll: 'All six steps are done', recorded: 'Recorded: {step}',
    quorumHint: "Members' meeting: 2/3 present, more than half of all in favour; representatives: 2/3 present, more than half of those present in favour.",
    pickVillage: 'Select a village in the header or type its code',
    merged: 'Proposal and deliberation together (一肩挑)', mergedHint: 'Where the branch secretary is also the village director, the proposal and the joint deliberation may be recorded together.',
    edit: 'Edit matter', delHint: 'A matter with recorded steps cannot be deleted'
  },
  t: {
    list: 'Trainings', stats: 'Figures', new: 'New training', organiser: 'Organiser', kind: 'Kind', title: 'Title', venue: 'Venue',
    start: 'Starts', hours: 'Hours', attendees: 'Attendees', attendeesPh: "Type a name (within the organiser's area)", count: 'Attendees',
    personTimes: 'Person-times', people: 'People', trainings: 'Trainings', range: 'Range', created: 'Training added', detail: 'Training', totals: 'Totals',
    edit: 'Edit training', saved: 'Training saved', exchange: 'Quarterly exchange', school: 'Family school'
  },
  f: {
    list: 'Schools', report: 'Activity', period: 'Period', schools: 'Schools', compliant: 'Compliant', rate: 'Rate',
    sessions: 'Sessions', personTimes: 'Person-times', hours: 'Hours', byDivision: 'Rate by division', table: 'Activity per school',
    name: 'School', division: 'Village or group', day: 'Day', week: 'Exchange week', months: 'Monthly sessions (held / due)', onDay: 'On the day',
    quarters: 'Quarterly exchange (held / due)', inWeek: 'In the week', onlyGaps: 'Gaps only', record: 'Record a session', recordTitle: 'Session: {name}',
    exchange: 'This is the quarterly exchange', exchangeHint: 'Once a quarter the schools meet for an exchange, in the exchange week', recorded: 'Session recorded',
    dayN: 'Day {n}', weekN: 'Week {n}', sessionsOf: 'Sessions', ok: 'Compliant', gap: 'Gaps', none: 'No school is assessed in this period'
  },
  w: {
    orgList: "An organisation's list", manage: 'Manage lists', items: 'Duties', year: 'Year', pickOrg: 'Choose an organisation', inherited: 'Template',
    own: 'Own', publishedBy: 'published by {name}', holder: 'Post', orgItself: 'Organisation', noLists: 'No responsibility list for this year',
    count: '{n} duties', list: 'Task list', rollup: 'Roll-up', state: 'Against the deadline', progress: 'Progress', report: 'Report',
    reportTitle: 'Progress: {title}', text: 'Progress', status: 'Status', completedOn: 'Completed on', reported: 'Progress reported',
    history: 'Reports', total: 'Tasks', done: 'Done', onTime: 'On time', late: 'Late', overdue: 'Overdue',
    open: 'Open', rate: 'Rate', deadline: 'Deadline', week: 'Week', pickWeek: 'Choose a week', sheet: 'Weekly dispatch', monthly: 'Monthly bulletin',
    noSchedule: 'No dispatch held this week', newSchedule: "Hold this week's dispatch", carried: 'Carried over', closedThisWeek: 'Closed this week',
    newItem: 'New matter', matter: 'Matter', resp: 'Responsible', month: 'Month', scheduled: 'Matters', asOf: 'as of {day}',
    firstWeek: 'First scheduled'
  }
}
