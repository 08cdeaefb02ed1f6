// fieldPickers.js - text fields of /meta entities that hold a code of a list the API names elsewhere:
// their forms and filters pick by name (the component), their cells show the name (label).
import { categoryName, loadCategories } from '../requests/util.js'

// entity.field -> the picker's kind
const PICKERS = {
  'routing_rule.category': 'request_category'
}

export function pickerOf(entityName, fieldName) { return PICKERS[entityName + '.' + fieldName] || '' }

// the name of a picked code in a list's cell ('' when the field has no picker)
export function pickedLabel(kind, code) {
  if (!code) return ''
  if (kind === 'request_category') return categoryName(code)
  return code
}

// what a page loads before its pickers show names
export function loadPickers(entityName) {
  if (Object.keys(PICKERS).some((k) => k.startsWith(entityName + '.') && PICKERS[k] === 'request_category')) {
    return loadCategories().catch(() => {})
  }
  return Promise.resolve()
}
