// element-locale.js - the Element Plus locale that follows the app's (the desktop layout's config provider)
import { computed } from 'vue'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import en from 'element-plus/es/locale/lang/en'
import { locale } from './i18n.js'

export const elementLocale = computed(() => (locale.value === 'en' ? en : zhCn))
