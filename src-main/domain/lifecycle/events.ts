/**
 * The case lifecycle (受审分离) as an append-only event log. Every change to a case is one of
 * these events; the case as it stands is `foldCase(events)` (machine.ts), and every event is
 * checked by the one state machine in machine.ts before it is written or folded.
 *
 * The TypeScript types describe events made by this code; the zod schemas check events that
 * arrive from outside (sync from other devices, imports) before they reach the state machine.
 * The schemas keep unknown payload keys (loose objects): the log is never rewritten, and a newer
 * device may add fields that an older one must neither refuse nor silently drop.
 *
 * What each event carries is in `event-payloads.ts`, the schemas in `event-schemas.ts`; import
 * both from here.
 */
export * from './event-payloads.ts';
export * from './event-schemas.ts';
