// sw.js - lianxin's service worker: the app shell and every asset a page has loaded are kept, so the phone
// pages and the public form open with no network after one visit.
//   navigations   network first, the cached page when offline: the public request form its own page
//                 (public-request.html, kept under /public/request), any other address index.html (kept under
//                 /, the router draws the page)
//   /assets/*     cache first (hashed names never change), stored on first use
//   /api/v1/public/* GET (categories, division look-up): network first, cached copy when offline
// Other /api/ calls are never cached (personal data stays out of the cache). CACHE changes when this file
// changes, and the old caches are dropped on activation.
const CACHE = 'lianxin-2'
const SHELL = ['/', '/public/request', '/manifest.webmanifest', '/favicon.svg']
// addresses the server answers with a page of their own, not index.html (src/app/static_files.c)
const OWN_PAGES = ['/public/request']
const pageKey = (url) => (OWN_PAGES.includes(url.pathname.replace(/\/+$/, '')) ? url.pathname.replace(/\/+$/, '') : '/')

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()))
})

self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()))
})

// the page names the assets it loaded before this worker controlled it
self.addEventListener('message', (e) => {
  const urls = (e.data && e.data.type === 'cache-urls' && Array.isArray(e.data.urls)) ? e.data.urls : []
  e.waitUntil(caches.open(CACHE).then((c) => Promise.all(urls
    .filter((u) => new URL(u, self.location.origin).pathname.startsWith('/assets/'))
    .map((u) => c.match(u).then((hit) => hit || c.add(u).catch(() => undefined))))))
})

async function networkFirst(req, key) {
  const c = await caches.open(CACHE)
  try {
    const res = await fetch(req)
    if (res.ok) await c.put(key || req, res.clone())
    return res
  } catch (err) {
    const hit = await c.match(key || req)
    if (hit) return hit
    throw err
  }
}

async function cacheFirst(req) {
  const c = await caches.open(CACHE)
  const hit = await c.match(req)
  if (hit) return hit
  const res = await fetch(req)
  if (res.ok) await c.put(req, res.clone())
  return res
}

self.addEventListener('fetch', (e) => {
  const req = e.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  if (url.origin !== self.location.origin) return
  if (req.mode === 'navigate') e.respondWith(networkFirst(req, pageKey(url)))
  else if (url.pathname.startsWith('/assets/')) e.respondWith(cacheFirst(req))
  else if (url.pathname.startsWith('/api/v1/public/')) e.respondWith(networkFirst(req))
})
