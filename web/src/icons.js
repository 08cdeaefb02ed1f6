// icons.js - the Element Plus icons the templates name (<House/>, the menu's icon names), registered once
import {
  House, OfficeBuilding, Files, ChatLineSquare, Flag, Document, Fold, Expand, SwitchButton, User, Lock,
  Location, Key, CircleCheck, CircleClose,
  Medal, School, UserFilled, Search, Plus, Edit, Delete, View, Refresh, Aim, ArrowDown, ArrowUp,
  Tickets, Bell, DocumentChecked, Upload, Download, Back, Phone, DataAnalysis, Guide, Calendar, HomeFilled, List, Finished, Timer,
  Iphone, Monitor, Printer
} from '@element-plus/icons-vue'

const icons = {
  House, OfficeBuilding, Files, ChatLineSquare, Flag, Document, Fold, Expand, SwitchButton, User, Lock,
  Location, Key, CircleCheck, CircleClose,
  Medal, School, UserFilled, Search, Plus, Edit, Delete, View, Refresh, Aim, ArrowDown, ArrowUp,
  Tickets, Bell, DocumentChecked, Upload, Download, Back, Phone, DataAnalysis, Guide, Calendar, HomeFilled, List, Finished, Timer,
  Iphone, Monitor, Printer
}

export default {
  install(app) {
    for (const [name, c] of Object.entries(icons)) app.component(name, c)
  }
}
