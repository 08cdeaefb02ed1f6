// sw-register.js - registers the service worker (public/sw.js) once the page has loaded, and hands it the
// assets this first load fetched before the worker was in control, so the page opens offline next time
export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready).then((reg) => {
      const urls = performance.getEntriesByType('resource').map((e) => e.name)
        .filter((u) => new URL(u).pathname.startsWith('/assets/'))
      if (reg.active) reg.active.postMessage({ type: 'cache-urls', urls })
    }).catch(() => { /* no worker: the pages still work online */ })
  })
}
