// divisionTree.js - the division tree under the user's scopes, for lazy tree selects: the roots
// (the user's scope codes, "" = the whole country) and a node's children from the divisions API
// (GET /divisions/{code} and /divisions/{code}/children, paged).
import { api } from '../api.js'
import { store } from '../store.js'

export const ROOT_ALL = '*'   // the value of the whole country ("" cannot be a select's value)

// A tree node of a division; childCount 0 makes a leaf, undefined "ask when opened".
export function divisionNode(code, name, childCount) {
  return { value: code === '' ? ROOT_ALL : code, code, name: name || '', isLeaf: childCount === 0 }
}

// Name and child count of one division; the whole country ("") is never a leaf.
export async function fetchDivision(code) {
  if (code === '') return { name: '', child_count: undefined }
  try {
    const d = await api.get('/divisions/' + encodeURIComponent(code), { silent: true })
    return { name: (d && d.name) || '', child_count: d && typeof d.child_count === 'number' ? d.child_count : undefined }
  } catch (_) {
    return { name: '', child_count: undefined }
  }
}

// The user's scope roots as nodes.
export async function scopeRoots() {
  const scopes = (store.user && Array.isArray(store.user.scopes)) ? store.user.scopes : []
  return Promise.all(scopes.map(async (code) => {
    const d = await fetchDivision(String(code))
    return divisionNode(String(code), d.name, d.child_count)
  }))
}

// Every child of a division as nodes (all pages).
export async function fetchChildren(code) {
  const out = []
  const pageSize = 200
  for (let page = 1; page <= 50; page++) {
    const path = (code === '' ? '/divisions' : '/divisions/' + encodeURIComponent(code) + '/children') +
      `?page=${page}&page_size=${pageSize}`
    const d = await api.get(path, { silent: true })
    const items = (d && Array.isArray(d.items)) ? d.items : []
    for (const it of items) out.push(divisionNode(String(it.code), it.name, typeof it.child_count === 'number' ? it.child_count : undefined))
    const total = d && typeof d.total === 'number' ? d.total : out.length
    if (items.length === 0 || out.length >= total) break
  }
  return out
}
