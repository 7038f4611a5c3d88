// The login screen's code and nothing more: Vue, Pinia and the screen itself. The router comes
// once the form has been drawn (routing.ts), Element Plus's app-wide part with the first screen
// after it (shared/element-plus.ts), and zod with the first chunk that builds a schema (zod-ready.ts).
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { captureLaunchToken } from './shared/api/client.ts';
import { messageOf } from './shared/api/errors.ts';
import App from './App.vue';
import { startsAtLogin } from './root-view.ts';
import { afterPaint } from './shared/after-paint.ts';
import { loadElementPlus } from './shared/element-plus-loader.ts';
import './styles.css';

// Before the router reads the address: the launch token must leave the address bar first.
captureLaunchToken();

const app = createApp(App);
app.use(createPinia());

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

// Anything a view did not catch still reaches the clerk, in Chinese.
app.config.errorHandler = (error) => report(error);
window.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  report(event.reason);
});

app.mount('#app');

// The router follows the login screen's first frame, as its own task, so the form is drawn first;
// an address that opens without a login (the wizard, the evaluator) has nothing to draw before it.
const route = () => {
  import('./routing.ts').then(({ installRouting }) => installRouting(app, report)).catch(report);
};
if (startsAtLogin(window.location.hash)) afterPaint(route);
else route();
