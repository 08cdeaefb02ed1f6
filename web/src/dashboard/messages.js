// messages.js - zh/en texts of the dashboards, the command map and the bulletins (st.*), registered into i18n's table
import { messages } from '../i18n.js'

const stZh = {
  menu: { dashboard: '数据驾驶舱', bulletin: '周调度与月通报', map: '指挥作战图', posts: '指挥体系', members: '指挥部成员' },
  title: '{name} 数据驾驶舱', period: '期间', mode: { year: '年度', quarter: '季度', month: '月份', range: '日期范围' },
  refresh: '刷新', up: '上一级', map: '作战图', bulletin: '通报', children: '下级情况', drill: '点击行查看下级',
  rank: '第{n}', none: '—', pending: '待接入', loading: '加载中…', noChildren: '没有下级区划',
  k: {
    registered: '建档立卡户', people: '建档立卡人口', monitored: '监测对象户', incidence: '贫困发生率', exits: '本年脱贫户',
    help: '帮扶措施（项）', helpAmount: '帮扶资金（元）', received: '诉求受理', onTime: '按时办结率', satisfaction: '满意率',
    overdue: '逾期未办', compliance: '组织生活合规率', noticesRead: '通知阅读率', tasksDone: '任务完成率',
    trainings: '培训人次', coverage: '结对帮扶覆盖率', visitRate: '走访率'
  },
  c: {
    incidence: '贫困发生率趋势', income: '人均纯收入趋势（元）', byChild: '各下级建档立卡户', causes: '致贫原因',
    incomeDist: '人均纯收入分布', exits: '历年脱贫户数', poorPeople: '贫困人口', rate: '发生率 %',
    bands: { a_lt4000: '<4000', b_4000_6000: '4000–6000', c_6000_10000: '6000–10000', d_10000_20000: '10000–20000', e_ge20000: '≥20000' }
  },
  m: {
    title: '{name} 脱贫攻坚指挥作战图', exit: '退出', fullscreen: '全屏', auto: '每 60 秒自动刷新', updated: '更新于 {time}',
    legend: { red: '有逾期诉求，或合规率、结对覆盖率低于 60%', yellow: '合规率、结对覆盖率低于 90% 或任务完成率低于 80%', green: '正常' },
    posts: '指挥部与作战单元', members: '{n} 人', back: '返回上级', noPosts: '该区划尚未建立指挥体系'
  },
  b: {
    weekly: '周调度', monthly: '月通报', kind: '类别', week: '周', month: '月', print: '打印', xlsx: '导出 Excel', csv: '导出 CSV',
    name: '名称', total: '合计', rankOf: '排名', pendingNote: '结对帮扶覆盖率与缺口按期末（或今天）的覆盖规则计算。',
    generated: '生成时间 {time}',
    lv: {
      title: '领导干部遍访', rank: '排名', name: '姓名', position: '职务', place: '区划', visits: '走访次数',
      days: '在村天数', required: '应在村天数', villagesVisited: '走访村数', paired: '结对村数', reached: '已到结对村',
      households: '走访户数', rate: '履职率',
      note: '应在村天数按乡镇领导每周在村天数规则折算到本期；结对村为责任区、包片和挂点村，本期内每村至少走访一次。'
    }
  }
}
const stEn = {
  menu: { dashboard: 'Dashboard', bulletin: 'Bulletins', map: 'Command map', posts: 'Command structure', members: 'Command members' },
  title: '{name} dashboard', period: 'Period', mode: { year: 'Year', quarter: 'Quarter', month: 'Month', range: 'Dates' },
  refresh: 'Refresh', up: 'Up', map: 'Command map', bulletin: 'Bulletin', children: 'Below this level', drill: 'Click a row to go down',
  rank: '#{n}', none: '—', pending: 'pending', loading: 'Loading…', noChildren: 'No divisions below',
  k: {
    registered: 'Registered households', people: 'Registered people', monitored: 'Monitored households', incidence: 'Poverty incidence',
    exits: 'Exited this year', help: 'Help measures', helpAmount: 'Help amount (yuan)', received: 'Requests', onTime: 'Closed on time',
    satisfaction: 'Satisfaction', overdue: 'Overdue', compliance: 'Meeting compliance', noticesRead: 'Notices read',
    tasksDone: 'Tasks done', trainings: 'Training attendances', coverage: 'Pairing coverage', visitRate: 'Visit rate'
  },
  c: {
    incidence: 'Poverty incidence by year', income: 'Per-capita income by year (yuan)', byChild: 'Registered households below',
    causes: 'Causes', incomeDist: 'Per-capita income bands', exits: 'Exits by year', poorPeople: 'Poor people', rate: 'Rate %',
    bands: { a_lt4000: '<4000', b_4000_6000: '4000–6000', c_6000_10000: '6000–10000', d_10000_20000: '10000–20000', e_ge20000: '≥20000' }
  },
  m: {
    title: '{name} command map', exit: 'Exit', fullscreen: 'Full screen', auto: 'Refreshes every 60 s', updated: 'Updated {time}',
    legend: { red: 'Overdue requests, or compliance or coverage under 60%', yellow: 'Compliance or coverage under 90%, or tasks under 80%', green: 'On track' },
    posts: 'Command posts', members: '{n} people', back: 'Up', noPosts: 'No command structure here yet'
  },
  b: {
    weekly: 'Weekly scheduling', monthly: 'Monthly bulletin', kind: 'Kind', week: 'Week', month: 'Month', print: 'Print',
    xlsx: 'Export Excel', csv: 'Export CSV', name: 'Name', total: 'Total', rankOf: 'Rank',
    pendingNote: 'Pairing coverage and gaps are those of the coverage rules on the period\'s last day (or today).', generated: 'Generated {time}',
    lv: {
      title: 'Leaders\' visits', rank: 'Rank', name: 'Name', position: 'Post', place: 'Place', visits: 'Visits',
      days: 'Days in villages', required: 'Days required', villagesVisited: 'Villages visited', paired: 'Paired villages',
      reached: 'Paired villages reached', households: 'Households visited', rate: 'Duty done',
      note: 'Days required: the township leaders\' days-in-villages rule scaled to the period; paired villages (zone, area, guided) are each to be visited in the period.'
    }
  }
}
messages.zh.st = stZh
messages.en.st = stEn
