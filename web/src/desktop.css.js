// desktop.css.js - styles of the Element Plus services called from scripts (ElMessage, ElMessageBox), which
// the template resolver cannot see; imported by the desktop layout and the pages outside it that use them
import 'element-plus/es/components/message/style/css.mjs'
import 'element-plus/es/components/message-box/style/css.mjs'
