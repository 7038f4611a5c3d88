/** The sync protocol between OneWindow and the central platform's gateway: pure zod, shared by both ends. */
export * from './attachments.ts';
export * from './case-header.ts';
export * from './common.ts';
export * from './conflict.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './pull.ts';
export * from './push.ts';
export * from './registration.ts';
export * from './routes.ts';
export * from './session.ts';
export * from './version.ts';
