// Element Plus components registered on demand: deep imports of each
// component and its CSS keep the bundle small (the package's root entry
// defeats tree-shaking).
import { ElAlert } from 'element-plus/es/components/alert/index.mjs'
import { ElButton } from 'element-plus/es/components/button/index.mjs'
import { ElCard } from 'element-plus/es/components/card/index.mjs'
import { ElConfigProvider } from 'element-plus/es/components/config-provider/index.mjs'
import { ElContainer, ElAside, ElHeader, ElMain, ElFooter } from 'element-plus/es/components/container/index.mjs'
import { ElDescriptions, ElDescriptionsItem } from 'element-plus/es/components/descriptions/index.mjs'
import { ElDrawer } from 'element-plus/es/components/drawer/index.mjs'
import { ElForm, ElFormItem } from 'element-plus/es/components/form/index.mjs'
import { ElIcon } from 'element-plus/es/components/icon/index.mjs'
import { ElInput } from 'element-plus/es/components/input/index.mjs'
import { ElMenu, ElMenuItem } from 'element-plus/es/components/menu/index.mjs'
import { ElResult } from 'element-plus/es/components/result/index.mjs'
import { ElTag } from 'element-plus/es/components/tag/index.mjs'
import { ElTooltip } from 'element-plus/es/components/tooltip/index.mjs'
import { ElTreeSelect } from 'element-plus/es/components/tree-select/index.mjs'
import 'element-plus/es/components/alert/style/css.mjs'
import 'element-plus/es/components/button/style/css.mjs'
import 'element-plus/es/components/card/style/css.mjs'
import 'element-plus/es/components/config-provider/style/css.mjs'
import 'element-plus/es/components/container/style/css.mjs'
import 'element-plus/es/components/aside/style/css.mjs'
import 'element-plus/es/components/header/style/css.mjs'
import 'element-plus/es/components/main/style/css.mjs'
import 'element-plus/es/components/footer/style/css.mjs'
import 'element-plus/es/components/descriptions/style/css.mjs'
import 'element-plus/es/components/descriptions-item/style/css.mjs'
import 'element-plus/es/components/drawer/style/css.mjs'
import 'element-plus/es/components/form/style/css.mjs'
import 'element-plus/es/components/form-item/style/css.mjs'
import 'element-plus/es/components/icon/style/css.mjs'
import 'element-plus/es/components/input/style/css.mjs'
import 'element-plus/es/components/menu/style/css.mjs'
import 'element-plus/es/components/menu-item/style/css.mjs'
import 'element-plus/es/components/result/style/css.mjs'
import 'element-plus/es/components/tag/style/css.mjs'
import 'element-plus/es/components/tooltip/style/css.mjs'
import 'element-plus/es/components/tree-select/style/css.mjs'
import 'element-plus/es/components/message/style/css.mjs'
import {
  House, OfficeBuilding, Files, ChatLineSquare, Flag, Document, Fold, Expand, SwitchButton, User, Lock,
  Location, Key, CircleCheck, CircleClose
} from '@element-plus/icons-vue'

const components = [
  ElAlert, ElAside, ElButton, ElCard, ElConfigProvider, ElContainer, ElDescriptions, ElDescriptionsItem,
  ElDrawer, ElFooter, ElForm, ElFormItem, ElHeader, ElIcon, ElInput, ElMain, ElMenu, ElMenuItem,
  ElResult, ElTag, ElTreeSelect, ElTooltip
]
const icons = {
  House, OfficeBuilding, Files, ChatLineSquare, Flag, Document, Fold, Expand, SwitchButton, User, Lock,
  Location, Key, CircleCheck, CircleClose
}

export default {
  install(app) {
    for (const c of components) app.use(c)
    for (const [name, c] of Object.entries(icons)) app.component(name, c)
  }
}
