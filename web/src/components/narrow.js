// narrow.js - useNarrow(): a ref that is true on a phone-width screen (max-width 768px), for dialog widths and column counts.
import { ref, onMounted, onBeforeUnmount } from 'vue'

export function useNarrow() {
  const narrow = ref(false)
  let mq = null
  const upd = () => { narrow.value = !!(mq && mq.matches) }
  onMounted(() => { mq = window.matchMedia('(max-width: 768px)'); upd(); mq.addEventListener('change', upd) })
  onBeforeUnmount(() => { if (mq) mq.removeEventListener('change', upd) })
  return narrow
}
