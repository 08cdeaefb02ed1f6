// request.js - the public request form (web/public-request.html), no framework: township → village picked by
// name (the public division look-up; ?division=CODE from the village poster's QR code opens with that village
// chosen), the category (zh/en), the request, name and phone; then the ticket to keep and the way to track it.
// Without a network a request waits on the phone (outbox.js, IndexedDB "lianxin-public") and is sent when the
// network returns, once (its idempotency_key); the page lists what waits and the tickets of what went since.
// The page's HTML is drawn before this runs; this module only fills the lists and answers the form, so the
// first load has no framework to start (Lighthouse: the Vue entry's start was most of the page's blocking time).
import { api } from '../api.js'
import { coreZh, coreEn, savedLocale, saveLocale, lookup, errorMessage } from '../i18n-core.js'
import { rqZh, rqEn } from '../requests/messages.js'
import { fetchCategories, categoryGroups } from '../requests/categories.js'
import { placeChildren } from '../mobile/places.js'
import { outbox, uuid, worthRetrying } from '../requests/outbox.js'
import { registerServiceWorker } from '../sw-register.js'
import '../style.css'
import '../mobile/form.css'
import './public.css'

const messages = { zh: { ...coreZh, rq: rqZh }, en: { ...coreEn, rq: rqEn } }
let lang = savedLocale()
const t = (key, params) => lookup(messages, lang, key, params)

const $ = (sel, root = document) => root.querySelector(sel)
const form = $('[data-test="public-request"]')
const done = $('[data-test="public-success"]')
const field = (name) => form.elements.namedItem(name)
const FIELDS = ['division', 'category', 'content', 'name', 'phone']

// the place: levels of the public look-up (counties → townships → villages), a code's first digits its parents
const LEVELS = ['county', 'township', 'village']
const LEN = { county: 6, township: 9, village: 12 }
const sel = { county: '', township: '', village: '' }
const lists = { county: null, township: [], village: [] }
const selectOf = (lv) => $(`[data-test="pub-place-${lv}"]`)

const state = { categories: [], errs: {}, error: null, ticket: '', copied: false, saving: false,
  key: '',               // this filling's idempotency key: sent again after an error, the server stores it once
  waiting: [], sent: [], // the outbox's entries, and what it sent since the page opened ({ what, ticket })
  justQueued: false, replaying: false }
const box = outbox('lianxin-public')

// ---- drawing ------------------------------------------------------------------------------------------------

function option(value, text) {
  const o = document.createElement('option')
  o.value = value
  o.textContent = text
  return o
}

function drawLevel(lv) {
  const s = selectOf(lv)
  const items = lists[lv] || []
  s.replaceChildren(option('', items.length ? t('rq.pick.choose') : t('rq.pick.none')), ...items.map((o) => option(o.code, o.name)))
  s.value = sel[lv] || ''
  s.disabled = !items.length
  // the only county is not asked (nor before its list came: a row shown, then taken away, would move the form)
  if (lv === 'county') s.closest('label').hidden = !lists.county || lists.county.length <= 1
}

const division = () => LEVELS.reduce((v, lv) => sel[lv] || v, '')

function drawPlaceName() {
  const names = LEVELS.filter((lv) => sel[lv]).map((lv) => ((lists[lv] || []).find((o) => o.code === sel[lv]) || {}).name || sel[lv])
  const box = $('[data-test="pub-place-name"]')
  box.textContent = names.join(' · ')
  box.hidden = !(names.length && division().length >= 12)
}

function drawCategories() {
  const s = field('category')
  const keep = s.value
  const out = [option('', t('rq.pick.choose'))]
  for (const g of categoryGroups(state.categories, lang)) {
    if (!g.kids.length) { out.push(option(g.code, g.name)); continue }
    const og = document.createElement('optgroup')
    og.label = g.name
    og.append(option(g.code, g.name + t('rq.pick.general')), ...g.kids.map((k) => option(k.code, k.name)))
    out.push(og)
  }
  s.replaceChildren(...out)
  s.value = keep
}

// an error is kept as a message key or an API error, so it follows a change of language
const errText = (e) => (typeof e === 'string' ? t(e) : errorMessage(e, lang, t))

function drawErrors() {
  for (const el of document.querySelectorAll('[data-err]')) {
    const e = state.errs[el.dataset.err]
    el.textContent = e ? errText(e) : ''
    el.hidden = !e
  }
  const box = $('[data-test="form-error"]')
  box.textContent = state.error ? errText(state.error) : ''
  box.hidden = !state.error
}

function drawTexts() {
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t)
  for (const el of document.querySelectorAll('[data-t-placeholder]')) el.placeholder = t(el.dataset.tPlaceholder)
  $('[data-test="pub-copy"]').textContent = t(state.copied ? 'rq.pub.copied' : 'rq.pub.copy')
  document.title = t('app.title')
}

function drawOutbox() {
  const sec = $('[data-test="pub-outbox"]')
  sec.hidden = !state.waiting.length && !state.sent.length
  const n = state.waiting.length
  $('[data-test="pub-outbox-title"]').textContent = !n ? t('rq.pub.success')
    : state.justQueued ? t('rq.pub.queued') : t('rq.pub.waiting', { n })
  $('[data-test="pub-outbox-hint"]').hidden = !n
  const li = (cls, text) => {
    const el = document.createElement('li')
    el.className = cls
    el.textContent = text
    return el
  }
  $('[data-test="pub-outbox-items"]').replaceChildren(
    ...state.waiting.map((w) => (w.error ? li('is-failed', t('rq.pub.failedLater', { what: w.what, msg: w.error }))
      : li('', w.what + ' · ' + w.saved_at.slice(0, 16).replace('T', ' ')))),
    ...state.sent.map((x) => li('is-sent', t('rq.pub.sentLater', { what: x.what, ticket: x.ticket }))))
}

function drawAll() {
  drawTexts()
  drawOutbox()
  for (const lv of LEVELS) drawLevel(lv)
  drawPlaceName()
  drawCategories()
  drawErrors()
}

// ---- the place picker -----------------------------------------------------------------------------------------

const parentOf = (lv) => (LEVELS.indexOf(lv) > 0 ? sel[LEVELS[LEVELS.indexOf(lv) - 1]] : '')

async function load(lv) {
  const parent = parentOf(lv)
  lists[lv] = lv !== 'county' && !parent ? [] : await placeChildren('public', parent)
  if (lv === 'county' && lists.county.length === 1 && !sel.county) sel.county = lists.county[0].code
  drawLevel(lv)
}

async function pick(lv, code) {
  sel[lv] = code
  const i = LEVELS.indexOf(lv)
  for (const deeper of LEVELS.slice(i + 1)) { sel[deeper] = ''; lists[deeper] = []; drawLevel(deeper) }
  drawPlaceName()
  const next = LEVELS[i + 1]
  if (next && code) await load(next)
  drawPlaceName()
}

async function initPlace(code) {
  for (const lv of LEVELS) sel[lv] = code.length >= LEN[lv] ? code.slice(0, LEN[lv]) : ''
  for (const lv of LEVELS) {
    if (lv !== 'county' && !parentOf(lv)) { lists[lv] = []; drawLevel(lv); continue }
    await load(lv)
  }
  drawPlaceName()
}

// ---- the form -------------------------------------------------------------------------------------------------

function values() {
  return {
    division: division(), category: field('category').value, content: field('content').value.trim(),
    name: field('name').value.trim(), phone: field('phone').value.trim()
  }
}

function validate(v) {
  const errs = {}
  if (!/^\d{12}(\d{3})?$/.test(v.division)) errs.division = 'rq.pick.placeNeeded'
  if (!v.category) errs.category = 'common.required'
  if (!v.content) errs.content = 'common.required'
  if (!v.name) errs.name = 'common.required'
  if (!/^[\d+\- ]{7,20}$/.test(v.phone)) errs.phone = 'common.required'
  state.errs = errs
  return !Object.keys(errs).length
}

// what a waiting entry is, in a line: its category and the start of its text
function label(v) {
  const c = state.categories.find((x) => x.code === v.category)
  const name = c ? (lang === 'en' && c.name_en) || c.name : v.category
  return name + '：' + (v.content.length > 16 ? v.content.slice(0, 16) + '…' : v.content)
}

const payload = (w) => {
  const b = { ...w }
  delete b.saved_at
  delete b.what
  delete b.error
  return b
}

async function refreshOutbox() {
  state.waiting = await box.all().catch(() => [])
  drawOutbox()
}

// Send what waits, oldest first; stop at the first that fails for want of a network (the rest wait too).
async function replay() {
  if (state.replaying) return
  state.replaying = true
  try {
    for (const w of await box.all()) {
      if (w.error) continue
      try {
        const d = await api.post('/public/requests', payload(w), { silent: true })
        await box.remove(w.idempotency_key)
        state.sent.push({ what: w.what, ticket: d.ticket })
      } catch (err) {
        if (worthRetrying(err)) break
        await box.put({ ...w, error: errText(err) })
      }
    }
  } catch (_) { /* no IndexedDB (a private window): nothing waits */ } finally {
    state.replaying = false
    await refreshOutbox()
  }
}

async function submit(ev) {
  ev.preventDefault()
  if (state.saving) return
  state.error = null
  const v = values()
  const ok = validate(v)
  drawErrors()
  if (!ok) return
  state.saving = true
  $('[data-test="pub-submit"]').disabled = true
  if (!state.key) state.key = uuid()
  const body = { ...v, idempotency_key: state.key }
  try {
    const d = await api.post('/public/requests', body, { silent: true })
    state.key = ''
    showTicket(d.ticket)
  } catch (err) {
    if (err.network || err.status === 0 || err.status >= 500) {
      // no network (or the server down): the request waits on the phone, sent when the network returns
      try {
        await box.put({ ...body, saved_at: new Date().toISOString(), what: label(v) })
        state.key = ''
        state.justQueued = true
        field('content').value = ''
        await refreshOutbox()
        $('[data-test="pub-outbox"]').scrollIntoView({ block: 'nearest' })
        return
      } catch (_) { state.error = err }   // no IndexedDB: say what failed
    } else if (err.status === 429) state.error = 'rq.pub.rateLimited'
    else if (err.field && FIELDS.includes(err.field)) state.errs = { [err.field]: err }
    else state.error = err
    drawErrors()
  } finally {
    state.saving = false
    $('[data-test="pub-submit"]').disabled = false
  }
}

function showTicket(ticket) {
  state.ticket = ticket
  state.copied = false
  $('[data-test="pub-ticket"]').textContent = ticket
  $('[data-test="pub-copy"]').textContent = t('rq.pub.copy')
  form.hidden = true
  done.hidden = false
}

async function copy() {
  try {
    await navigator.clipboard.writeText(state.ticket)
  } catch (_) {
    const ta = document.createElement('textarea')
    ta.value = state.ticket
    document.body.appendChild(ta)
    ta.select()
    try { document.execCommand('copy') } catch (_e) { /* ignore */ }
    ta.remove()
  }
  state.copied = true
  $('[data-test="pub-copy"]').textContent = t('rq.pub.copied')
}

// another request: the place, name and phone stay; the category and the text start empty
function again() {
  field('category').value = ''
  field('content').value = ''
  state.ticket = ''
  state.key = ''
  done.hidden = true
  form.hidden = false
}

function toggleLocale() {
  lang = lang === 'zh' ? 'en' : 'zh'
  saveLocale(lang)
  drawAll()
}

// ---- start ----------------------------------------------------------------------------------------------------

// ?division=CODE (the poster's QR code; ?village= the same) opens with that village chosen
const query = new URLSearchParams(window.location.search)
const given = String(query.get('division') || query.get('village') || '').split(',')[0].split(':')[0].trim()
const start = /^\d{12}$/.test(given) ? given : ''
if (start) $('[data-test="pub-nav-request"]').href = '/public/request?division=' + start

form.addEventListener('submit', submit)
for (const lv of LEVELS) selectOf(lv).addEventListener('change', (e) => { pick(lv, e.target.value) })
$('[data-test="lang-switch"]').addEventListener('click', toggleLocale)
$('[data-test="pub-copy"]').addEventListener('click', copy)
$('[data-test="pub-track"]').addEventListener('click', () => {
  window.location.assign('/public/track?ticket=' + encodeURIComponent(state.ticket))
})
$('[data-test="pub-another"]').addEventListener('click', again)
$('[data-test="pub-submit"]').disabled = false   // the page's HTML has it disabled until this module answers the form

saveLocale(lang)
if (lang !== 'zh') drawAll()
else document.title = t('app.title')
initPlace(start)
fetchCategories()
  .then(({ items }) => { state.categories = items; drawCategories() })
  .catch(() => { state.error = { network: true }; drawErrors() })   // offline, and no list saved from a visit before
registerServiceWorker()
// what waits from an earlier visit goes now, when the network returns, and every half minute while some waits
// (a phone can be "online" with no signal that carries)
window.addEventListener('online', replay)
setInterval(() => { if (state.waiting.some((w) => !w.error)) replay() }, 30000)
refreshOutbox().then(() => { if (state.waiting.length) replay() })
