import { z } from 'zod';

/**
 * Must be evaluated before any zod schema is built (contract.ts builds them on import): zod's
 * fast path probes `new Function`, which our CSP (no 'unsafe-eval') reports as a
 * securitypolicyviolation even though zod catches the error. Jitless parsing never probes.
 */
z.config({ jitless: true });
