// messages.js - zh/en texts of the requests pages (rq.*)
export const rqZh = {
  inbox: '待办', all: '全部诉求', hotline: '热线受理', stats: '统计', rules: '派单规则', calendar: '节假日',
  ticket: '受理编号', status: '状态', timeliness: '时效', category: '类别', place: '地点', org: '责任党组织',
  channel: '渠道', urgency: '紧急程度', satisfaction: '满意度', created: '受理时间', due: '时限', content: '诉求内容',
  requester: '诉求人', name: '姓名', phone: '联系电话', reply: '答复', kind: '类型', supervised: '督办',
  escalated: '提级督办', escalatedTo: '督办单位', transfers: '转办次数', reopens: '重办次数', mediation: '调解结果',
  placePh: '输入村（社区）名称或代码搜索', open: '未办结', onlySupervised: '仅督办', keyword: '内容或编号', phoneFilter: '电话号码', noOrg: '未派单',
  tabAll: '全部', empty: '暂无诉求', back: '返回', timeline: '办理过程', actions: '办理', refresh: '刷新',
  tl: { on_time: '正常', at_risk: '临期', overdue: '超期', late: '超期办结' },
  stage: { sign: '签收', reply: '答复', close: '办结', done: '已结束' },
  dueAt: '{stage}时限 {due}',
  st: {
    submitted: '待签收', signed: '已签收', transferred: '已转办', in_progress: '办理中', replied: '已答复', visited: '已回访',
    closed: '已办结', reopened: '重新办理', returned: '已退回', merged: '已合并', withdrawn: '已撤回'
  },
  sat: { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' },
  act: {
    submit: '受理', sign: '签收', start: '开始办理', transfer: '转办', return: '退回（派错）', reply: '答复', visit: '回访',
    close: '办结', reopen: '重新办理', merge: '合并（重复）', withdraw: '撤回', mediate: '记录调解结果', note: '备注', escalate: '提级督办',
    confirm: '来电人确认办结', feedback: '群众评价'
  },
  dlg: {
    transferOrg: '转办给党组织', orgPh: '输入党组织名称搜索', note: '说明', returnNote: '退回原因', replyText: '答复内容',
    outcome: '调解结果', into: '合并到（受理编号或诉求 ID）', intoPh: '如 20261123982983 或 12', notFound: '找不到该诉求',
    confirm: '确定要“{action}”吗？', done: '已{action}', needText: '请填写内容'
  },
  system: '系统',
  hl: {
    title: '热线受理', caller: '来电号码', callerPh: '输入来电号码后回车，查看该号码以往诉求', history: '该号码以往诉求',
    noHistory: '该号码没有以往诉求', answerOnSpot: '当场答复（咨询类）', answer: '答复内容', submit: '受理',
    created: '已受理，编号 {ticket}', again: '继续受理', open: '查看', name: '来电人姓名',
    confirmed: '来电人确认已解答（直接办结，不再回访）'
  },
  sts: {
    period: '统计期间', received: '受理', signedOnTime: '按时签收', closed: '办结', closedOnTime: '按时办结',
    satisfactionRate: '满意率', reopenRate: '重办率', closeRate: '办结率', onTimeCloseRate: '按时办结率',
    avgHours: '平均办结用时', hours: '小时', disputes: '化解矛盾纠纷', supervisedN: '督办件',
    firstTimeRate: '一次办结率', callbacks: '回访次数',
    byChannel: '按渠道', byCategory: '按类别', byLevel: '按责任层级', unassigned: '未派单', count: '件'
  },
  cal: {
    title: '节假日与调休', year: '年度', day: '日期', kind: '类型', name: '名称', off: '放假', work: '调休上班',
    add: '添加一天', save: '保存', saved: '已保存 {year} 年日历', offCount: '放假 {n} 天', workCount: '调休上班 {n} 天',
    hint: '办理时限按工作日计算：周末不计，列为“放假”的日子不计，列为“调休上班”的周末计入。', dup: '日期重复：{day}', missing: '请填写日期和名称'
  },
  pub: {
    title: '群众诉求', subtitle: '有事找连心 · 村里事村里办', formTitle: '我要反映', trackTitle: '办理进度查询',
    place: '所在村（社区）代码', placePh: '12 位村（社区）代码，如 469030100206', placeHint: '村（社区）代码可在党员驿站或村委会的二维码上找到',
    placePick: '所在村（社区）', category: '诉求类别', content: '诉求内容', contentPh: '请写明事情经过、地点和您的诉求',
    name: '您的姓名', phone: '手机号码', submit: '提交', success: '提交成功', ticketIs: '您的受理编号',
    keep: '请记下受理编号，凭编号和手机号后四位查询办理进度。', copy: '复制编号', copied: '已复制', track: '查询进度',
    another: '再提一件', ticket: '受理编号', last4: '手机号后四位', search: '查询', notFound: '没有找到：请核对受理编号和手机号后四位',
    rateLimited: '提交过于频繁，请稍后再试', replyTitle: '答复', noReply: '尚未答复', org: '承办单位', file: '我要反映',
    placeBad: '请输入 12 位数字的村（社区）代码', privacy: '您的姓名和电话仅用于办理和回访，查询页面不会显示。',
    rateTitle: '评价办理结果', rate: '您对本次答复是否满意', reopen: '问题没有解决，申请重新办理', comment: '意见（选填）',
    rateSubmit: '提交评价', rated: '您对本次答复的评价：{sat}', rateDone: '感谢您的评价', reopenDone: '已申请重新办理，办理单位将再次处理',
    queued: '网络不通，已保存在本机，联网后自动提交', waiting: '待提交 {n} 件', sentLater: '已自动提交：{what}，受理编号 {ticket}',
    queuedHint: '网络不通时，诉求保存在本机，联网后自动提交，不会重复。', failedLater: '未能提交：{what}（{msg}）'
  },
  mob: {
    title: '网格员代办', place: '村（组）代码', saved: '已保存，联网后自动提交', sent: '已提交，编号 {ticket}',
    queue: '待提交 {n} 件', offline: '当前离线', online: '在线', retry: '立即提交', sync: '正在提交…', failed: '提交失败：{msg}',
    remove: '删除', login: '登录已失效，请重新登录后自动提交', name: '群众姓名', phone: '群众电话', lastPlace: '上次使用'
  },
  pick: {
    county: '县（市、区）', township: '乡镇（街道）', village: '村（社区）', grid: '网格或村民小组（可不选）',
    within: '所在区划', choose: '请选择', none: '请先选上一级', general: '（其他）', placeNeeded: '请选择所在的村（社区）'
  }
}

export const rqEn = {
  inbox: 'Inbox', all: 'All requests', hotline: 'Hotline', stats: 'Figures', rules: 'Routing rules', calendar: 'Holidays',
  ticket: 'Ticket', status: 'Status', timeliness: 'Timeliness', category: 'Category', place: 'Place', org: 'Responsible org',
  channel: 'Channel', urgency: 'Urgency', satisfaction: 'Satisfaction', created: 'Received', due: 'Due', content: 'Request',
  requester: 'Requester', name: 'Name', phone: 'Phone', reply: 'Reply', kind: 'Kind', supervised: 'Supervised',
  escalated: 'Escalated', escalatedTo: 'Supervised by', transfers: 'Transfers', reopens: 'Reopened', mediation: 'Mediation outcome',
  placePh: 'Type a village name or code', open: 'Open only', onlySupervised: 'Supervised only', keyword: 'Content or ticket', phoneFilter: 'Phone', noOrg: 'Not routed',
  tabAll: 'All', empty: 'No requests', back: 'Back', timeline: 'Timeline', actions: 'Actions', refresh: 'Refresh',
  tl: { on_time: 'On time', at_risk: 'Due soon', overdue: 'Overdue', late: 'Closed late' },
  stage: { sign: 'Sign', reply: 'Reply', close: 'Close', done: 'Done' },
  dueAt: '{stage} due {due}',
  st: {
    submitted: 'Submitted', signed: 'Signed for', transferred: 'Transferred', in_progress: 'In progress', replied: 'Replied',
    visited: 'Called back', closed: 'Closed', reopened: 'Reopened', returned: 'Returned', merged: 'Merged', withdrawn: 'Withdrawn'
  },
  sat: { satisfied: 'Satisfied', basic: 'Basically satisfied', unsatisfied: 'Unsatisfied' },
  act: {
    submit: 'Received', sign: 'Sign for', start: 'Start', transfer: 'Transfer', return: 'Return (misrouted)', reply: 'Reply',
    visit: 'Call back', close: 'Close', reopen: 'Reopen', merge: 'Merge (duplicate)', withdraw: 'Withdraw', mediate: 'Mediation outcome',
    confirm: 'Closed on the caller\'s confirmation', feedback: 'Rated by the requester',
    note: 'Note', escalate: 'Escalated'
  },
  dlg: {
    transferOrg: 'Transfer to organisation', orgPh: 'Type an organisation name', note: 'Note', returnNote: 'Why it is misrouted',
    replyText: 'Reply', outcome: 'Outcome', into: 'Merge into (ticket or request ID)', intoPh: 'e.g. 20261123982983 or 12',
    notFound: 'No such request', confirm: '"{action}" this request?', done: 'Done: {action}', needText: 'Please fill in the text'
  },
  system: 'System',
  hl: {
    title: 'Hotline intake', caller: 'Caller number', callerPh: 'Type the caller number and press Enter to see earlier requests',
    history: 'Earlier requests of this number', noHistory: 'No earlier requests from this number', answerOnSpot: 'Answered on the spot (enquiry)',
    answer: 'Answer', submit: 'Register', created: 'Registered: ticket {ticket}', again: 'Next call', open: 'Open', name: 'Caller name',
    confirmed: 'The caller confirmed the answer (closed, no callback)'
  },
  sts: {
    period: 'Period', received: 'Received', signedOnTime: 'Signed on time', closed: 'Closed', closedOnTime: 'Closed on time',
    satisfactionRate: 'Satisfaction', reopenRate: 'Reopen rate', closeRate: 'Close rate', onTimeCloseRate: 'On-time close rate',
    avgHours: 'Average time to close', hours: 'h', disputes: 'Disputes settled', supervisedN: 'Supervised',
    firstTimeRate: 'First-time resolution', callbacks: 'Callbacks',
    byChannel: 'By channel', byCategory: 'By category', byLevel: 'By responsible level', unassigned: 'Not routed', count: 'requests'
  },
  cal: {
    title: 'Holidays and make-up workdays', year: 'Year', day: 'Day', kind: 'Kind', name: 'Name', off: 'Day off', work: 'Make-up workday',
    add: 'Add a day', save: 'Save', saved: 'Calendar of {year} saved', offCount: '{n} days off', workCount: '{n} make-up workdays',
    hint: 'Deadlines count working days: weekends and days off do not count, make-up workdays do.', dup: 'Duplicate day: {day}',
    missing: 'Fill in the day and the name'
  },
  pub: {
    title: 'Villagers\' requests', subtitle: 'Tell us what you need', formTitle: 'Make a request', trackTitle: 'Track a request',
    place: 'Village code', placePh: '12-digit village code, e.g. 469030100206', placeHint: 'The code is on the QR poster at the party-member station or village committee',
    placePick: 'Village', category: 'Category', content: 'Your request', contentPh: 'What happened, where, and what you need',
    name: 'Your name', phone: 'Mobile number', submit: 'Submit', success: 'Submitted', ticketIs: 'Your ticket',
    keep: 'Keep the ticket: with it and the last four digits of your phone you can track the request.', copy: 'Copy', copied: 'Copied',
    track: 'Track it', another: 'Another request', ticket: 'Ticket', last4: 'Last 4 digits of the phone', search: 'Search',
    notFound: 'Not found: check the ticket and the last four digits', rateLimited: 'Too many submissions, please try again later',
    replyTitle: 'Reply', noReply: 'No reply yet', org: 'Handled by', file: 'Make a request',
    placeBad: 'Enter the 12-digit village code', privacy: 'Your name and phone are used only to handle and call back; the tracking page never shows them.',
    rateTitle: 'Rate the outcome', rate: 'Are you satisfied with this reply?', reopen: 'Not solved: ask to reopen it', comment: 'Comment (optional)',
    rateSubmit: 'Send the rating', rated: 'Your rating of this reply: {sat}', rateDone: 'Thank you for your rating', reopenDone: 'Reopened: the organisation will work on it again',
    queued: 'No network: saved on this phone, it will be sent when the network returns', waiting: '{n} waiting to be sent',
    sentLater: 'Sent: {what}, ticket {ticket}', queuedHint: 'Without a network, requests wait on this phone and are sent once when it returns.',
    failedLater: 'Not sent: {what} ({msg})'
  },
  mob: {
    title: 'Grid worker intake', place: 'Village / group code', saved: 'Saved: it will be sent when online', sent: 'Sent: ticket {ticket}',
    queue: '{n} waiting', offline: 'Offline', online: 'Online', retry: 'Send now', sync: 'Sending…', failed: 'Failed: {msg}',
    remove: 'Delete', login: 'Session expired: log in again and they will be sent', name: 'Villager name', phone: 'Villager phone', lastPlace: 'Last used'
  },
  pick: {
    county: 'County', township: 'Township', village: 'Village', grid: 'Grid or group (optional)',
    within: 'Your area', choose: 'Choose', none: 'Choose the level above first', general: ' (other)', placeNeeded: 'Choose your village'
  }
}
