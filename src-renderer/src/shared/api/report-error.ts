import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { messageOf } from './errors.ts';
import { wasHandled } from './request.ts';

/**
 * Shows an error as a message box unless it was already handled (an expired session is shown
 * once, on the way back to the login screen). Nothing is swallowed silently. Apart from errors.ts
 * so that the login screen, which shows its errors itself, does not load Element Plus for it.
 */
export function reportError(error: unknown): void {
  if (wasHandled(error)) return;
  ElMessage({ type: 'error', message: messageOf(error), duration: 8000, showClose: true, grouping: true });
}
