// Loaded by main.ts once zod is configured (see there).
import { ElMessage, ElMessageBox, provideGlobalConfig } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
// Components bring their own CSS (electron.vite.config.ts); these two are called from scripts.
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { captureLaunchToken } from './shared/api/client.ts';
import { reportError } from './shared/api/errors.ts';
import { onSessionExpired, onSessionLocked } from './shared/api/request.ts';
import App from './App.vue';
import { createAppRouter } from './router.ts';
import { useSessionStore } from './session/store.ts';
import './styles.css';

// Before the router reads the address: the launch token must leave the address bar first.
captureLaunchToken();

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const router = createAppRouter();
app.use(router);
// Chinese for every Element Plus text (pagers, date pickers, 确定/取消), app-wide: the message
// boxes are rendered outside the component tree, in the app's context (installed here).
provideGlobalConfig({ locale: zhCn }, app, true);
app.use(ElMessageBox);
app.use(ElMessage);

const session = useSessionStore(pinia);
onSessionExpired((error) => {
  // Before login there is no session to lose: the login screen shows the error itself.
  if (session.user === null) return false;
  session.expire(error.message);
  ElMessage({ type: 'warning', message: '登录已过期，请重新登录。', grouping: true });
  const here = router.currentRoute.value;
  void router.replace({ name: 'login', query: here.meta.area ? { redirect: here.fullPath } : {} });
  return true;
});

// Main locked an idle session: cover the screen, keep everything under it for after the unlock.
onSessionLocked(() => session.markLocked());

// Anything a view did not catch still reaches the clerk, in Chinese.
app.config.errorHandler = (error) => reportError(error);
window.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  reportError(event.reason);
});

app.mount('#app');
