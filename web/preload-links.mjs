// preload-links.mjs - a Vite plugin: for the Vue pages a phone opens first (the phone home, the tracking page),
// writes dist/preload/<page>.link, the value of an HTTP Link header naming the page's own chunks and styles
// (modulepreload / preload as style). lianxin sends it with index.html for that address (src/app/static_files.c),
// so the browser fetches them beside the entry chunk instead of after it ran: one round trip less to the first paint.
// The public request form is a page of its own (public-request.html): its HTML names its few files itself.
const PAGES = {
  'public-track': ['requests/PublicTrack.vue'],
  m: ['mobile/MobileShell.vue', 'mobile/MobileHome.vue'],
  'm-requests-new': ['mobile/MobileShell.vue', 'requests/MobileRequest.vue']
}

export function preloadLinks() {
  return {
    name: 'lianxin-preload-links',
    apply: 'build',
    generateBundle(_opts, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk')
      // the Vue app's entry, input "main" (vite.config.js; the other is the plain public form)
      const entry = chunks.find((c) => c.isEntry && c.name === 'main')
      if (!entry) this.error('preload-links: no entry chunk "main" (index.html)')
      const inEntry = new Set([entry.fileName, ...entry.imports])
      const byFile = new Map(chunks.map((c) => [c.fileName, c]))
      for (const [page, sources] of Object.entries(PAGES)) {
        const js = new Set()
        const css = new Set()
        const visit = (c) => {
          if (!c || inEntry.has(c.fileName) || js.has(c.fileName)) return
          js.add(c.fileName)
          for (const f of (c.viteMetadata && c.viteMetadata.importedCss) || []) css.add(f)
          for (const f of c.imports) visit(byFile.get(f))
        }
        for (const src of sources) {
          const c = chunks.find((x) => x.facadeModuleId && x.facadeModuleId.endsWith('/src/' + src))
          if (!c) this.error(`preload-links: no chunk for ${src}`)
          visit(c)
        }
        // not the entry chunk: named first it came with the page's chunks, and its run, the router's and the page's
        // first render then made one long task (Total Blocking Time up in 3 of 4 paired runs)
        const links = [...[...css].map((f) => `</${f}>; rel=preload; as=style`), ...[...js].map((f) => `</${f}>; rel=modulepreload`)]
        this.emitFile({ type: 'asset', fileName: `preload/${page}.link`, source: links.join(', ') })
      }
    }
  }
}
