import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The C server serves web/dist at "/" and falls back to index.html for
// non-/api/ paths, so assets are referenced as absolute /assets/... paths.
// `npm run dev` proxies /api to LIANXIN_URL (default http://127.0.0.1:8080).
export default defineConfig({
  base: '/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus')) return 'element-plus'
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          if (id.includes('node_modules/')) return 'vendor'
        }
      }
    }
  },
  server: {
    proxy: {
      '/api': { target: process.env.LIANXIN_URL || 'http://127.0.0.1:8080', changeOrigin: false }
    }
  }
})
