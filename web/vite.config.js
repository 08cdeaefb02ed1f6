import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { VantResolver } from '@vant/auto-import-resolver'
import { preloadLinks } from './preload-links.mjs'

// The C server serves web/dist at "/" and falls back to index.html for
// non-/api/ paths, so assets are referenced as absolute /assets/... paths.
// Element Plus (desktop) and Vant (phone) components are imported per component
// by the templates that use them, so each route's chunk carries only its own;
// every page is a dynamic import (router.js), ECharts only with the chart pages.
// `npm run build` then precompresses dist (compress.mjs: .br and .gz beside each file).
// Vant's icon CSS (a 60 KB icon font as a data URL, and a font address off this server that the CSP
// refuses) is left out: the phone pages draw their few icons as inline SVG and use no <van-icon>.
const noVantIconFont = {
  name: 'lianxin-no-vant-icon-font',
  enforce: 'pre',
  resolveId(source, importer) {
    if (importer && /[\\/]vant[\\/]es[\\/]/.test(importer) && /icon[\\/]index\.css$/.test(source)) return '\0lianxin-empty.css'
  },
  load(id) { if (id === '\0lianxin-empty.css') return '' }
}

// Two pages (a multi-page build): index.html, the Vue app, and public-request.html, the public request form as
// plain HTML and a small module without Vue (src/public/request.js; lianxin serves it at /public/request).
const page = (f) => fileURLToPath(new URL(f, import.meta.url))

// `npm run dev` proxies /api to LIANXIN_URL (default http://127.0.0.1:8080).
export default defineConfig({
  base: '/',
  plugins: [
    noVantIconFont,
    vue(),
    Components({ dirs: [], dts: false, resolvers: [ElementPlusResolver({ importStyle: 'css' }), VantResolver({ importStyle: true })] }),
    preloadLinks()
  ],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    chunkSizeWarningLimit: 700,
    modulePreload: { polyfill: false },
    rollupOptions: { input: { main: page('./index.html'), 'public-request': page('./public-request.html') } }
  },
  server: {
    proxy: {
      '/api': { target: process.env.LIANXIN_URL || 'http://127.0.0.1:8080', changeOrigin: false }
    }
  }
})
