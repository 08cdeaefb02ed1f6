// elements.js - the Element Plus components and styles the app registers (deep imports keep the bundle small)
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
import { ElCol } from 'element-plus/es/components/col/index.mjs'
import { ElDatePicker } from 'element-plus/es/components/date-picker/index.mjs'
import { ElDialog } from 'element-plus/es/components/dialog/index.mjs'
import { ElEmpty } from 'element-plus/es/components/empty/index.mjs'
import { ElInputNumber } from 'element-plus/es/components/input-number/index.mjs'
import { ElPagination } from 'element-plus/es/components/pagination/index.mjs'
import { ElRow } from 'element-plus/es/components/row/index.mjs'
import { ElSelect, ElOption } from 'element-plus/es/components/select/index.mjs'
import { ElStatistic } from 'element-plus/es/components/statistic/index.mjs'
import { ElTable, ElTableColumn } from 'element-plus/es/components/table/index.mjs'
import { ElTabs, ElTabPane } from 'element-plus/es/components/tabs/index.mjs'
import { ElTree } from 'element-plus/es/components/tree/index.mjs'
import { ElBadge } from 'element-plus/es/components/badge/index.mjs'
import { ElLink } from 'element-plus/es/components/link/index.mjs'
import { ElDivider } from 'element-plus/es/components/divider/index.mjs'
import { ElText } from 'element-plus/es/components/text/index.mjs'
import { ElLoading } from 'element-plus/es/components/loading/index.mjs'
import { ElTimeline, ElTimelineItem } from 'element-plus/es/components/timeline/index.mjs'
import { ElRadio, ElRadioGroup, ElRadioButton } from 'element-plus/es/components/radio/index.mjs'
import { ElSteps, ElStep } from 'element-plus/es/components/steps/index.mjs'
import { ElSkeleton } from 'element-plus/es/components/skeleton/index.mjs'
import { ElCascader } from 'element-plus/es/components/cascader/index.mjs'
import { ElCheckbox, ElCheckboxGroup } from 'element-plus/es/components/checkbox/index.mjs'
import { ElProgress } from 'element-plus/es/components/progress/index.mjs'
import 'element-plus/es/components/progress/style/css.mjs'
import { ElCheckTag } from 'element-plus/es/components/check-tag/index.mjs'
import 'element-plus/es/components/cascader/style/css.mjs'
import 'element-plus/es/components/cascader-panel/style/css.mjs'
import 'element-plus/es/components/checkbox/style/css.mjs'
import 'element-plus/es/components/check-tag/style/css.mjs'
import 'element-plus/es/components/timeline/style/css.mjs'
import 'element-plus/es/components/timeline-item/style/css.mjs'
import 'element-plus/es/components/radio/style/css.mjs'
import 'element-plus/es/components/radio-group/style/css.mjs'
import 'element-plus/es/components/radio-button/style/css.mjs'
import 'element-plus/es/components/steps/style/css.mjs'
import 'element-plus/es/components/step/style/css.mjs'
import 'element-plus/es/components/skeleton/style/css.mjs'
import 'element-plus/es/components/alert/style/css.mjs'
import 'element-plus/es/components/col/style/css.mjs'
import 'element-plus/es/components/date-picker/style/css.mjs'
import 'element-plus/es/components/dialog/style/css.mjs'
import 'element-plus/es/components/empty/style/css.mjs'
import 'element-plus/es/components/input-number/style/css.mjs'
import 'element-plus/es/components/option/style/css.mjs'
import 'element-plus/es/components/pagination/style/css.mjs'
import 'element-plus/es/components/row/style/css.mjs'
import 'element-plus/es/components/select/style/css.mjs'
import 'element-plus/es/components/statistic/style/css.mjs'
import 'element-plus/es/components/table/style/css.mjs'
import 'element-plus/es/components/table-column/style/css.mjs'
import 'element-plus/es/components/tabs/style/css.mjs'
import 'element-plus/es/components/tab-pane/style/css.mjs'
import 'element-plus/es/components/tree/style/css.mjs'
import 'element-plus/es/components/badge/style/css.mjs'
import 'element-plus/es/components/link/style/css.mjs'
import 'element-plus/es/components/divider/style/css.mjs'
import 'element-plus/es/components/text/style/css.mjs'
import 'element-plus/es/components/loading/style/css.mjs'
import 'element-plus/es/components/message-box/style/css.mjs'
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
  Location, Key, CircleCheck, CircleClose,
  Medal, School, UserFilled, Search, Plus, Edit, Delete, View, Refresh, Aim, ArrowDown, ArrowUp,
  Tickets, Bell, DocumentChecked, Upload, Download, Back, Phone, DataAnalysis, Guide, Calendar, CopyDocument, HomeFilled, List, Finished, Timer
} from '@element-plus/icons-vue'

const components = [
  ElAlert, ElAside, ElButton, ElCard, ElConfigProvider, ElContainer, ElDescriptions, ElDescriptionsItem,
  ElDrawer, ElFooter, ElForm, ElFormItem, ElHeader, ElIcon, ElInput, ElMain, ElMenu, ElMenuItem,
  ElResult, ElTag, ElTreeSelect, ElTooltip, ElCol, ElDatePicker, ElDialog, ElEmpty, ElInputNumber, ElOption, ElPagination, ElRow, ElSelect, ElStatistic, ElTable, ElTableColumn, ElTabs, ElTabPane, ElTree, ElBadge, ElLink, ElDivider, ElText, ElLoading,
  ElTimeline, ElTimelineItem, ElRadio, ElRadioGroup, ElRadioButton, ElSteps, ElStep, ElSkeleton, ElCascader, ElCheckbox, ElCheckboxGroup, ElProgress, ElCheckTag
]
const icons = {
  House, OfficeBuilding, Files, ChatLineSquare, Flag, Document, Fold, Expand, SwitchButton, User, Lock,
  Location, Key, CircleCheck, CircleClose,
  Medal, School, UserFilled, Search, Plus, Edit, Delete, View, Refresh, Aim, ArrowDown, ArrowUp,
  Tickets, Bell, DocumentChecked, Upload, Download, Back, Phone, DataAnalysis, Guide, Calendar, HomeFilled, List, Finished, Timer
}

export default {
  install(app) {
    for (const c of components) app.use(c)
    for (const [name, c] of Object.entries(icons)) app.component(name, c)
  }
}
