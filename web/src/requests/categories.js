// categories.js - the request categories from the public endpoint, kept in localStorage for the offline page;
// plain (no Vue): util.js (the Vue pages) and the plain public form (public/request.js) both load them here
const CAT_KEY = 'lianxin.requestCategories'

// GET /public/request-categories -> { items, fresh: true }; offline the copy saved last time ({ items, fresh: false })
// (no copy: the error).
export async function fetchCategories() {
  try {
    const r = await fetch('/api/v1/public/request-categories', { headers: { Accept: 'application/json' } })
    if (!r.ok) throw new Error('HTTP ' + r.status)
    const d = await r.json()
    const items = (d && d.items) || []
    try { localStorage.setItem(CAT_KEY, JSON.stringify(items)) } catch (_) { /* full or private */ }
    return { items, fresh: true }
  } catch (e) {
    let saved = null
    try { saved = JSON.parse(localStorage.getItem(CAT_KEY) || 'null') } catch (_) { /* ignore */ }
    if (Array.isArray(saved)) return { items: saved, fresh: false }
    throw e
  }
}

// A category's name in a language (name_en in English when the server sends one).
export const categoryLabel = (c, lang) => (lang === 'en' ? c.name_en || c.name : c.name)

// The top categories, each with its sub-categories: [{ code, name, kids: [{ code, name }] }].
export function categoryGroups(items, lang) {
  return items.filter((c) => !c.parent_code).map((c) => ({
    code: c.code, name: categoryLabel(c, lang),
    kids: items.filter((x) => x.parent_code === c.code).map((x) => ({ code: x.code, name: categoryLabel(x, lang) }))
  }))
}
