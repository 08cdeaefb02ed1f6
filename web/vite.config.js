import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { VantResolver } from '@vant/auto-import-resolver'

// The C server serves web/dist at "/" and falls back to index.html for
// non-/api/ paths, so assets are referenced as absolute /assets/... paths.
// Element Plus (desktop) and Vant (phone) components are imported per component
// by the templates that use them, so each route's chunk carries only its own;
// every page is a dynamic import (router.js), ECharts only with the chart pages.
// `npm run build` then precompresses dist (compress.mjs: .br and .gz beside each file).
// `npm run dev` proxies /api to LIANXIN_URL (default http://127.0.0.1:8080).
export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    Components({ dirs: [], dts: false, resolvers: [ElementPlusResolver({ importStyle: 'css' }), VantResolver({ importStyle: true })] })
  ],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    chunkSizeWarningLimit: 700,
    modulePreload: { polyfill: false }
  },
  server: {
    proxy: {
      '/api': { target: process.env.LIANXIN_URL || 'http://127.0.0.1:8080', changeOrigin: false }
    }
  }
})
