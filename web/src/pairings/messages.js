// messages.js - zh/en texts of the pairing pages (pr.*): coverage, my pairings, leave, presence, the phone visit page
export const prZh = {
  coverage: '覆盖与缺口', mine: '我的帮扶', leaves: '请假审批', presence: '驻村在岗', date: '日期', division: '区划',
  rule: '规则', total: '应覆盖', met: '已覆盖', rate: '覆盖率', gaps: '缺口', value: '现值', threshold: '标准', shortBy: '差额',
  place: '规则来源', defaults: '默认', off: '未启用', exportXlsx: '导出缺口（XLSX）', object: '对象', noGaps: '无缺口',
  household: '户', status: '状态', lastVisit: '最近走访', daysSince: '距今天数', every: '走访周期（天）', overdue: '逾期',
  onTime: '按期', never: '从未走访', villages: '结对村', recordVisit: '记录走访', approve: '批准', reject: '不批准',
  decided: '已审批', note: '审批意见', month: '月份', onlyShort: '只看天数不足', served: '在任天数', present: '在村天数',
  leaveDays: '请假天数', required: '应在村天数', short: '不足天数', absences: '本年缺岗', cap: { not_excellent: '不能评优秀', basic: '最高基本称职', incompetent: '不称职' }, name: '姓名', role: '职务', refresh: '刷新',
  v: {
    title: '走访统计', from: '开始日期', to: '结束日期', rate: '入户率', households: '应走访户', reached: '已入户', visits: '走访次数',
    satisfaction: '满意度', byDivision: '按区划', byLeader: '按帮扶责任人', overdue: '逾期未访', daysOverdue: '逾期天数',
    helpers: '帮扶责任人', campaigns: '户户走到', campaign: '活动', dates: '起止日期', progress: '进度', unreached: '尚未走到 {n} 户',
    target: { helped: '建档和监测户', all: '全部农户', registered: '建档立卡户', monitored: '监测户' }
  },
  m: {
    title: '记录走访', online: '在线', offline: '离线', queue: '待发送 {n} 条', retry: '重新发送', household: '走访户',
    kind: '走访方式', purpose: '走访事由', findings: '了解情况', followUp: '需跟进的问题', satisfaction: '群众满意度',
    gps: '定位', gpsGet: '获取位置', gpsNone: '未定位', saved: '已保存', queued: '网络不可用，已存入待发送，联网后自动发送',
    sent: '已发送 {n} 条', login: '登录已过期，请重新登录后发送', failed: '发送失败：{msg}', remove: '删除', pick: '请选择走访户',
    photos: '现场照片', photoAdd: '拍照', photoBad: '无法读取这张照片', nPhotos: '{n} 张照片'
  }
}
export const prEn = {
  coverage: 'Coverage and gaps', mine: 'My households', leaves: 'Leave approval', presence: 'Presence in villages', date: 'Date',
  division: 'Division', rule: 'Rule', total: 'To cover', met: 'Covered', rate: 'Rate', gaps: 'Gaps', value: 'Value',
  threshold: 'Threshold', shortBy: 'Short by', place: 'Set by', defaults: 'default', off: 'off', exportXlsx: 'Export gaps (XLSX)',
  object: 'Who / what', noGaps: 'No gaps', household: 'Household', status: 'Status', lastVisit: 'Last visit', daysSince: 'Days since',
  every: 'Visit every (days)', overdue: 'Overdue', onTime: 'On time', never: 'Never visited', villages: 'Villages',
  recordVisit: 'Record a visit', approve: 'Approve', reject: 'Refuse', decided: 'Decided', note: 'Note', month: 'Month',
  onlyShort: 'Short of days only', served: 'Days serving', present: 'Days present', leaveDays: 'Leave days', required: 'Days required',
  short: 'Short by', absences: 'Absences this year', cap: { not_excellent: 'Not excellent', basic: 'Basic at best', incompetent: 'Incompetent' }, name: 'Name', role: 'Role', refresh: 'Refresh',
  v: {
    title: 'Visit figures', from: 'From', to: 'To', rate: 'Reached', households: 'Households', reached: 'Visited at home', visits: 'Visits',
    satisfaction: 'Satisfaction', byDivision: 'By division', byLeader: 'By helper', overdue: 'Overdue', daysOverdue: 'Days overdue',
    helpers: 'Helpers', campaigns: 'Campaigns', campaign: 'Campaign', dates: 'Dates', progress: 'Progress', unreached: '{n} not reached yet',
    target: { helped: 'Registered and monitored', all: 'All households', registered: 'Registered', monitored: 'Monitored' }
  },
  m: {
    title: 'Record a visit', online: 'Online', offline: 'Offline', queue: '{n} waiting', retry: 'Send again', household: 'Household',
    kind: 'Kind', purpose: 'Purpose', findings: 'Findings', followUp: 'Problems to follow up', satisfaction: 'Satisfaction',
    gps: 'Location', gpsGet: 'Get location', gpsNone: 'No location', saved: 'Saved', queued: 'No network: kept and sent when it returns',
    sent: '{n} sent', login: 'The session expired: log in again to send', failed: 'Not sent: {msg}', remove: 'Remove',
    pick: 'Choose a household', photos: 'Photos', photoAdd: 'Photo', photoBad: 'This photo cannot be read',
    nPhotos: '{n} photos'
  }
}
