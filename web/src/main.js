// main.js - boots the app: Vue, router, Element Plus components, global styles
import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.js'
import elements from './elements.js'
import './style.css'

createApp(App).use(elements).use(router).mount('#app')
