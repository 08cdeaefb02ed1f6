// usePlaceRecords.js - what the sampling and 回头看 pages share: the records of the chosen division
// (GET base), the one picked (GET base/{id}) and its households a page at a time (GET base/{id}/households)
import { onMounted, ref, watch } from 'vue'
import { api } from '../api.js'
import { store } from '../store.js'
import { errorText } from '../i18n.js'

export const PAGE_SIZE = 50

export function usePlaceRecords(base) {
  const items = ref([])
  const current = ref(null)
  const rows = ref([])
  const page = ref(1)
  const total = ref(0)
  const loading = ref(false)
  const error = ref('')

  async function load() {
    loading.value = true
    error.value = ''
    try {
      const d = store.division && store.division.code ? `&division=${store.division.code}` : ''
      items.value = (await api.get(`${base}?page_size=${PAGE_SIZE}${d}`)).items
    } catch (e) {
      error.value = errorText(e)
    } finally {
      loading.value = false
    }
  }
  async function loadRows() {
    const d = await api.get(`${base}/${current.value.id}/households?page=${page.value}&page_size=${PAGE_SIZE}`)
    rows.value = d.items
    total.value = d.total
  }
  async function pick(row) {
    if (!row) return
    try {
      current.value = await api.get(`${base}/${row.id}`)
      page.value = 1
      await loadRows()
    } catch (e) {
      error.value = errorText(e)
    }
  }
  function setPage(p) {
    page.value = p
    loadRows()
  }

  watch(() => store.division, load)
  onMounted(load)
  return { items, current, rows, page, total, loading, error, load, pick, loadRows, setPage }
}
