import { diagnosticsDownload } from '../../services/diagnostics/bundle.ts';
import { defineHandlers, sessionOf } from './types.ts';

export const diagnosticsHandlers = defineHandlers('diagnostics', {
  'diagnostics/bundle': (_input, context) => diagnosticsDownload(context.env, sessionOf(context).userId),
});
