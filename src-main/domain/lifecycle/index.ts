/** The case lifecycle (受审分离): events, the state machine, the folded state and time limits. */
export * from './bundle.ts';
export * from './events.ts';
export * from './machine.ts';
export * from './state.ts';
export * from './time.ts';
