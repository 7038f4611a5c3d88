// The login screen's code and nothing more: Element Plus's app-wide part (shared/element-plus.ts)
// comes with the first screen after it, and zod with the first chunk that builds a schema
// (zod-ready.ts).
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { captureLaunchToken } from './shared/api/client.ts';
import { messageOf } from './shared/api/errors.ts';
import { onSessionExpired, onSessionLocked } from './shared/api/request.ts';
import App from './App.vue';
import { createAppRouter } from './router.ts';
import { useSessionStore } from './session/store.ts';
import { loadElementPlus } from './shared/element-plus-loader.ts';
import './styles.css';

// Before the router reads the address: the launch token must leave the address bar first.
captureLaunchToken();

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const router = createAppRouter();
app.use(router);
// Every screen but the login screen is drawn with Element Plus: its Chinese texts and message
// boxes are installed before the first of them is shown.
router.beforeEach(async (to) => {
  if (to.name !== 'login') (await loadElementPlus()).installElementPlus(app);
  return true;
});

/** Shows an error as Element Plus's message box, loaded on first use; if even that fails, the browser's own. */
function report(error: unknown): void {
  loadElementPlus().then(
    ({ reportError }) => reportError(error),
    (failed: unknown) => {
      console.error(failed);
      window.alert(messageOf(error));
    },
  );
}

const session = useSessionStore(pinia);
onSessionExpired((error) => {
  // Before login there is no session to lose: the login screen shows the error itself.
  if (session.user === null) return false;
  session.expire(error.message);
  void loadElementPlus().then(({ ElMessage }) => ElMessage({ type: 'warning', message: '登录已过期，请重新登录。', grouping: true }), report);
  const here = router.currentRoute.value;
  void router.replace({ name: 'login', query: here.meta.area ? { redirect: here.fullPath } : {} });
  return true;
});

// Main locked an idle session: cover the screen, keep everything under it for after the unlock.
onSessionLocked(() => session.markLocked());

// Anything a view did not catch still reaches the clerk, in Chinese.
app.config.errorHandler = (error) => report(error);
window.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  report(event.reason);
});

app.mount('#app');
