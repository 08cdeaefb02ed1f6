// meta.js - GET /meta (entities, fields, dictionaries) loaded once, and the label helpers
// Entity and dictionary descriptions from GET /api/v1/meta, loaded once and
// shared. Labels of entities, fields and dictionary items come from here, so
// a field added on the server appears in lists and forms without UI code.
import { reactive } from 'vue'
import { api } from './api.js'
import { locale } from './i18n.js'

export const meta = reactive({ entities: {}, dictionaries: {}, loaded: false, error: null })
let loading = null

export function loadMeta(force = false) {
  if (!loading || force) {
    loading = api.get('/meta').then((d) => {
      const ents = {}
      for (const e of (d && d.entities) || []) {
        e.apiPath = String(e.path || '').replace(/^\/api\/v1/, '')
        ents[e.name] = e
      }
      meta.entities = ents
      meta.dictionaries = (d && d.dictionaries) || {}
      meta.loaded = true
      meta.error = null
      return meta
    }).catch((err) => {
      meta.error = err
      loading = null
      throw err
    })
  }
  return loading
}

export function entityMeta(name) { return meta.entities[name] || null }

// Localised label of anything carrying zh/en.
export function lbl(o) {
  if (!o) return ''
  return locale.value === 'en' ? (o.en || o.zh || '') : (o.zh || o.en || '')
}

export function fieldOf(entity, name) {
  const e = typeof entity === 'string' ? entityMeta(entity) : entity
  return (e && e.fields.find((f) => f.name === name)) || null
}

export function dictItems(dict) {
  const d = meta.dictionaries[dict]
  return (d && d.items) || []
}

export function dictLabel(dict, code) {
  if (code === null || code === undefined || code === '') return ''
  const it = dictItems(dict).find((i) => i.code === code)
  return it ? lbl(it) : String(code)
}
