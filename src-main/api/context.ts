import type { WriteContext } from '../store/store.ts';
import type { Session } from '../services/auth/sessions.ts';
import type { ServiceEnv } from '../services/env.ts';

export interface HandlerContext {
  env: ServiceEnv;
  /** Null only for public operations called without logging in. */
  session: Session | null;
  /** Who is writing, from where, and when: for the store's one write path. */
  writeContext(): WriteContext;
}
