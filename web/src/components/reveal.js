// reveal.js - seeing a masked value: who may ask (roles that read sensitive data) and the
// prompt for the reason the server records in the audit log with the view.
import { ElMessageBox } from 'element-plus/es/components/message-box/index.mjs'
import { t } from '../i18n.js'
import { store } from '../store.js'

export const REVEAL_ROLES = ['admin', 'county', 'township', 'village']

export function mayReveal() {
  return !!store.user && REVEAL_ROLES.includes(store.user.role)
}

// The reason for viewing `label`, or null when the user cancels.
export async function askRevealReason(label) {
  try {
    const r = await ElMessageBox.prompt(t('list.revealPrompt', { field: label }), t('list.revealTitle'), {
      confirmButtonText: t('list.confirm'),
      cancelButtonText: t('common.cancel'),
      inputPlaceholder: t('list.revealTooShort'),
      inputValidator: (v) => ((v || '').trim().length >= 2 ? true : t('list.revealTooShort')),
      customClass: 'lx-reveal-box'
    })
    return r.value.trim()
  } catch (_) {
    return null
  }
}
