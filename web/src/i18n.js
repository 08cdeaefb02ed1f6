// i18n.js - zh/en messages, t(), the locale (localStorage); the Element Plus locale is the desktop's (element-locale.js)
import { ref, watch } from 'vue'
import { coreZh, coreEn, savedLocale, saveLocale, lookup, errorMessage } from './i18n-core.js'
import { rqZh, rqEn } from './requests/messages.js'
import { shZh, shEn } from './shell/messages.js'
import { prZh, prEn } from './pairings/messages.js'

export const messages = {
  zh: {
    ...coreZh,
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
    ...coreEn,
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

export const locale = ref(savedLocale())

watch(locale, (v) => {
  saveLocale(v)
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

// a function declaration: the locale watcher above calls it before this line runs
export function t(key, params) { return lookup(messages, locale.value, key, params) }

export function roleLabel(role) {
  const s = t('roles.' + role)
  return s === 'roles.' + role ? role : s
}

// Localised text of an ApiError (see api.js) or any Error.
export function errorText(err) { return errorMessage(err, locale.value, t) }
