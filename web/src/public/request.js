// request.js - the public request form (web/public-request.html), no framework: township → village picked by
// name (the public division look-up; ?division=CODE from the village poster's QR code opens with that village
// chosen), the category (zh/en), the request, name and phone; then the ticket to keep and the way to track it.
// The page's HTML is drawn before this runs; this module only fills the lists and answers the form, so the
// first load has no framework to start (Lighthouse: the Vue entry's start was most of the page's blocking time).
import { api } from '../api.js'
import { coreZh, coreEn, savedLocale, saveLocale, lookup, errorMessage } from '../i18n-core.js'
import { rqZh, rqEn } from '../requests/messages.js'
import { fetchCategories, categoryGroups } from '../requests/categories.js'
import { placeChildren } from '../mobile/places.js'
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

const state = { categories: [], errs: {}, error: null, ticket: '', copied: false, saving: false }

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

function drawAll() {
  drawTexts()
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
  try {
    const d = await api.post('/public/requests', v, { silent: true })
    showTicket(d.ticket)
  } catch (err) {
    if (err.status === 429) state.error = 'rq.pub.rateLimited'
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
