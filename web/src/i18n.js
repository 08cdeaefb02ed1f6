// i18n.js - zh/en messages, t(), the locale (localStorage); the Element Plus locale is the desktop's (element-locale.js)
import { ref, computed, watch } from 'vue'
import { rqZh, rqEn } from './requests/messages.js'
import { shZh, shEn } from './shell/messages.js'
import { prZh, prEn } from './pairings/messages.js'

const STORAGE_KEY = 'lianxin.locale'

export const messages = {
  zh: {
    app: { name: '连心', slogan: '党建引领脱贫攻坚', title: '连心 · 党建引领脱贫攻坚' },
    lang: { switchTo: 'English', current: '中文' },
    common: {
      submit: '提交', cancel: '取消', loading: '加载中…', logout: '退出登录', required: '必填',
      networkError: '无法连接服务器，请稍后重试', unknownError: '发生未知错误', comingSoon: '该模块正在建设中，敬请期待。',
      back: '返回首页', changePassword: '修改密码', menu: '菜单'
    },
    login: {
      heading: '用户登录', username: '用户名', password: '密码', submit: '登录',
      usernameRequired: '请输入用户名', passwordRequired: '请输入密码'
    },
    cp: {
      heading: '修改密码', forcedNotice: '首次登录或密码已被重置，请先修改密码后再继续使用系统。',
      oldPassword: '原密码', newPassword: '新密码', confirmPassword: '确认新密码', submit: '确认修改',
      policy: '密码至少 8 位，且至少包含小写字母、大写字母、数字、符号中的 3 类，不能包含用户名。',
      mismatch: '两次输入的新密码不一致', oldRequired: '请输入原密码', newRequired: '请输入新密码',
      confirmRequired: '请再次输入新密码', success: '密码已修改', checks: { length: '至少 8 位', classes: '至少 3 类字符', notUsername: '不同于用户名' }
    },
    ...shZh,
    rq: rqZh,
    pr: prZh,
    dash: {
      welcome: '欢迎，{name}', user: '用户', username: '用户名', role: '角色', scopes: '管辖范围',
      health: '系统状态', status: '服务状态', db: '数据库', version: '版本', division: '当前区划',
      ok: '正常', down: '不可用'
    },
    roles: {
      admin: '系统管理员', auditor: '审计员', county: '县级工作人员', township: '乡镇工作人员',
      village: '村级工作人员', grid: '网格员', cadre: '帮扶干部', viewer: '只读用户'
    },
    footer: { server: '服务' }
  },
  en: {
    app: { name: 'Lianxin', slogan: 'Party building leads poverty alleviation', title: 'Lianxin · Party building leads poverty alleviation' },
    lang: { switchTo: '中文', current: 'English' },
    common: {
      submit: 'Submit', cancel: 'Cancel', loading: 'Loading…', logout: 'Log out', required: 'Required',
      networkError: 'Cannot reach the server, please try again later', unknownError: 'An unknown error occurred',
      comingSoon: 'This module is under construction and coming soon.', back: 'Back to dashboard', changePassword: 'Change password', menu: 'Menu'
    },
    login: {
      heading: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in',
      usernameRequired: 'Please enter the username', passwordRequired: 'Please enter the password'
    },
    cp: {
      heading: 'Change password', forcedNotice: 'This is your first login or your password was reset. Please change your password to continue.',
      oldPassword: 'Current password', newPassword: 'New password', confirmPassword: 'Confirm new password', submit: 'Change password',
      policy: 'At least 8 characters, with at least 3 of: lowercase, uppercase, digits, symbols; must not contain the username.',
      mismatch: 'The two new passwords do not match', oldRequired: 'Please enter the current password',
      newRequired: 'Please enter a new password', confirmRequired: 'Please confirm the new password', success: 'Password changed',
      checks: { length: '8+ characters', classes: '3+ character classes', notUsername: 'Not the username' }
    },
    ...shEn,
    rq: rqEn,
    pr: prEn,
    dash: {
      welcome: 'Welcome, {name}', user: 'User', username: 'Username', role: 'Role', scopes: 'Scopes',
      health: 'System status', status: 'Status', db: 'Database', version: 'Version', division: 'Current division',
      ok: 'OK', down: 'Unavailable'
    },
    roles: {
      admin: 'Administrator', auditor: 'Auditor', county: 'County staff', township: 'Township staff',
      village: 'Village staff', grid: 'Grid worker', cadre: 'Assistance cadre', viewer: 'Read-only user'
    },
    footer: { server: 'Server' }
  }
}

function initialLocale() {
  try {
    const v = localStorage.getItem(STORAGE_KEY)
    if (v === 'zh' || v === 'en') return v
  } catch (_) { /* storage unavailable */ }
  return 'zh'
}

export const locale = ref(initialLocale())

watch(locale, (v) => {
  try { localStorage.setItem(STORAGE_KEY, v) } catch (_) { /* ignore */ }
  document.documentElement.lang = v === 'zh' ? 'zh-CN' : 'en'
  document.title = t('app.title')
}, { immediate: true })

export function setLocale(v) { locale.value = v === 'en' ? 'en' : 'zh' }
export function toggleLocale() { setLocale(locale.value === 'zh' ? 'en' : 'zh') }

// A domain's texts that only its own pages use (party life: pl.*), added when its pages load, so that the
// public and phone pages do not carry them.
export function addMessages(ns, zh, en) {
  messages.zh[ns] = zh
  messages.en[ns] = en
}

export function t(key, params) {
  const lookup = (lang) => key.split('.').reduce((o, k) => (o && o[k] !== undefined ? o[k] : undefined), messages[lang])
  let s = lookup(locale.value)
  if (s === undefined) s = lookup('zh')
  if (Array.isArray(s)) return s   // a list of labels (e.g. pl.c.weekdays), indexed by the caller
  if (typeof s !== 'string') return key
  if (params) s = s.replace(/\{(\w+)\}/g, (m, p) => (params[p] !== undefined ? String(params[p]) : m))
  return s
}

export function roleLabel(role) {
  const s = t('roles.' + role)
  return s === 'roles.' + role ? role : s
}

// Localised text of an ApiError (see api.js) or any Error.
export function errorText(err) {
  if (!err) return ''
  if (err.network) return t('common.networkError')
  const msg = locale.value === 'en' ? (err.message_en || err.message_zh) : (err.message_zh || err.message_en)
  return msg || err.code || err.message || t('common.unknownError')
}

