// main.js - boots the app: Vue, router, global styles, the service worker (pages and Element Plus / Vant
// components load with the route that uses them: see router.js and vite.config.js)
import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.js'
import { registerServiceWorker } from './sw-register.js'
import './style.css'

createApp(App).use(router).mount('#app')
registerServiceWorker()
