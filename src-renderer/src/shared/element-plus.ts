import { ElMessage, ElMessageBox, provideGlobalConfig } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
// Components bring their own CSS (electron.vite.config.ts); these two are called from scripts.
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import type { App } from 'vue';

export { ElMessage };
export { reportError } from './api/report-error.ts';

const installed = new WeakSet<App>();

/**
 * Element Plus's app-wide part: Chinese for every text it draws (pagers, date pickers, 确定/取消),
 * and the message boxes, which are rendered outside the component tree, in the app's context.
 * Loaded by shared/element-plus-loader.ts with the first screen after the login screen, which is
 * plain HTML and does without.
 */
export function installElementPlus(app: App): void {
  if (installed.has(app)) return;
  installed.add(app);
  provideGlobalConfig({ locale: zhCn }, app, true);
  app.use(ElMessageBox);
  app.use(ElMessage);
}
