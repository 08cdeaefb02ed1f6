// messages.js - zh/en texts of the phone shell (mob), the not-allowed page (na), the home page (home),
// the audit log (audit) and the village poster (poster); merged into i18n.js
export const shZh = {
  mob: {
    appTitle: '连心', desktop: '电脑版', mobile: '手机版', home: '首页', newRequest: '代办诉求', hello: '您好，{name}',
    myRequests: '我的待办诉求', noRequests: '没有待办的诉求', loading: '正在载入…', showAll: '显示全部 {n} 条', due: '期限 {due}', notices: '待签收的通知', noNotices: '没有待签收的通知',
    signed: '已签收', sign: '签收', open: '查看', visits: '走访与打卡', visitsSoon: '结对帮扶的走访和打卡将在这里办理（即将推出）。',
    offlineLists: '当前离线：联网后显示待办和通知。仍可代办诉求，联网后自动提交。',
    signConfirm: '确认以“{org}”签收《{title}》？'
  },
  na: { title: '无权访问', text: '您的角色不能使用该页面。如需使用，请联系上级管理员。', back: '返回首页' },
  home: {
    title: '工作概况', scopeOf: '{name} · 截至今天', households: '户籍户数', people: '户籍人口', byStatus: '按状态',
    monitored: '监测户', openRequests: '在办诉求', overdue: '超期', satisfaction: '满意率', meetings: '本月组织生活合规',
    unread: '未签收通知', tasksDue: '待报任务', children: '下级排行', rankBy: '按超期诉求排序', name: '名称', none: '暂无',
    noData: '—', loadFailed: '部分数据加载失败'
  },
  audit: {
    title: '审计日志', who: '操作人', action: '操作', entity: '对象', record: '记录', when: '时间', from: '来源地址',
    result: '结果', ok: '成功', denied: '拒绝', from_: '起', to: '止', search: '查询',
    all: '全部', user: '用户名', division: '区划'
  },
  poster: {
    title: '村级诉求二维码海报', pick: '选择村（社区）', print: '打印海报', heading: '有事找连心', sub: '扫码反映诉求 · 村里事村里办',
    steps: '微信或手机浏览器扫码 → 选择诉求类别 → 写明情况 → 提交后记下受理编号', or: '或在浏览器打开', open: '打开海报'
  }
}

export const shEn = {
  mob: {
    appTitle: 'Lianxin', desktop: 'Desktop', mobile: 'Phone view', home: 'Home', newRequest: 'New request', hello: 'Hello, {name}',
    myRequests: 'My open requests', noRequests: 'No open requests', loading: 'Loading…', showAll: 'Show all {n}', due: 'due {due}', notices: 'Notices to sign', noNotices: 'No notices to sign',
    signed: 'Signed', sign: 'Sign', open: 'Open', visits: 'Visits and check-ins', visitsSoon: 'Pairing visits and check-ins will be done here (coming soon).',
    offlineLists: 'Offline: the lists show when the network returns. New requests are kept and sent then.',
    signConfirm: 'Sign "{title}" for {org}?'
  },
  na: { title: 'Not allowed', text: 'Your role cannot use this page. Ask your administrator if you need it.', back: 'Back to home' },
  home: {
    title: 'Overview', scopeOf: '{name} · as of today', households: 'Households', people: 'People', byStatus: 'by status',
    monitored: 'Monitored households', openRequests: 'Open requests', overdue: 'overdue', satisfaction: 'Satisfaction',
    meetings: 'Meeting compliance this month', unread: 'Notices to sign', tasksDue: 'Tasks to report', children: 'Ranking below',
    rankBy: 'by overdue requests', name: 'Name', none: 'None', noData: '—', loadFailed: 'Some figures could not be loaded'
  },
  audit: {
    title: 'Audit log', who: 'User', action: 'Action', entity: 'Entity', record: 'Record', when: 'Time', from: 'Address',
    result: 'Result', ok: 'Success', denied: 'Denied', from_: 'From', to: 'To', search: 'Search',
    all: 'All', user: 'Username', division: 'Division'
  },
  poster: {
    title: 'Village request posters', pick: 'Choose a village', print: 'Print', heading: 'Lianxin: tell us', sub: 'Scan to make a request',
    steps: 'Scan with WeChat or the phone browser → choose a category → describe it → keep the ticket', or: 'or open', open: 'Open the poster'
  }
}
