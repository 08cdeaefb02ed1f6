// i18n-core.js - the texts every page needs (app name, language switch, common words) and the lookup of a
// message key, without Vue: the Vue pages' i18n.js and the plain public form (public/request.js) share them
export const LOCALE_KEY = 'lianxin.locale'

export const coreZh = {
  app: { name: '连心', slogan: '党建引领脱贫攻坚', title: '连心 · 党建引领脱贫攻坚' },
  lang: { switchTo: 'English', current: '中文' },
  common: {
    submit: '提交', cancel: '取消', loading: '加载中…', logout: '退出登录', required: '必填',
    networkError: '无法连接服务器，请稍后重试', unknownError: '发生未知错误', comingSoon: '该模块正在建设中，敬请期待。',
    back: '返回首页', changePassword: '修改密码', menu: '菜单'
  }
}

export const coreEn = {
  app: { name: 'Lianxin', slogan: 'Party building leads poverty alleviation', title: 'Lianxin · Party building leads poverty alleviation' },
  lang: { switchTo: '中文', current: 'English' },
  common: {
    submit: 'Submit', cancel: 'Cancel', loading: 'Loading…', logout: 'Log out', required: 'Required',
    networkError: 'Cannot reach the server, please try again later', unknownError: 'An unknown error occurred',
    comingSoon: 'This module is under construction and coming soon.', back: 'Back to dashboard', changePassword: 'Change password', menu: 'Menu'
  }
}

// The saved language ('zh' unless 'en' was chosen); saveLocale keeps it and sets the page's lang.
export function savedLocale() {
  try {
    const v = localStorage.getItem(LOCALE_KEY)
    if (v === 'zh' || v === 'en') return v
  } catch (_) { /* storage unavailable */ }
  return 'zh'
}
export function saveLocale(v) {
  try { localStorage.setItem(LOCALE_KEY, v) } catch (_) { /* ignore */ }
  document.documentElement.lang = v === 'zh' ? 'zh-CN' : 'en'
}

// The text of key ("rq.pub.title") in messages[lang], else in Chinese, else the key; {name} filled from params.
export function lookup(messages, lang, key, params) {
  const find = (l) => key.split('.').reduce((o, k) => (o && o[k] !== undefined ? o[k] : undefined), messages[l])
  let s = find(lang)
  if (s === undefined) s = find('zh')
  if (Array.isArray(s)) return s   // a list of labels (e.g. pl.c.weekdays), indexed by the caller
  if (typeof s !== 'string') return key
  if (params) s = s.replace(/\{(\w+)\}/g, (m, p) => (params[p] !== undefined ? String(params[p]) : m))
  return s
}

// Localised text of an ApiError (api.js) or any Error; tr(key) names the common texts.
export function errorMessage(err, lang, tr) {
  if (!err) return ''
  if (err.network) return tr('common.networkError')
  const msg = lang === 'en' ? (err.message_en || err.message_zh) : (err.message_zh || err.message_en)
  return msg || err.code || err.message || tr('common.unknownError')
}
