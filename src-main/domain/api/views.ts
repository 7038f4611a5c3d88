/**
 * Shapes the API returns. Plain data: they cross IPC, HTTP and the CLI unchanged. One file per
 * area under `views/`; this is the one place operations and screens import them from.
 */
export * from './views/session.ts';
export * from './views/cases.ts';
export * from './views/intake.ts';
export * from './views/prints.ts';
export * from './views/stats.ts';
