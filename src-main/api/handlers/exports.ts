import { exportForDownload } from '../../services/exports/download.ts';
import { saveSchedule, scheduleView } from '../../services/exports/scheduler.ts';
import { defineHandlers, viewerOf } from './types.ts';

export const exportsHandlers = defineHandlers('exports', {
  'exports/create': (request, context) => exportForDownload(context.env, viewerOf(context), request),
  'exports/schedule': (_input, { env }) => env.store.read((tx) => scheduleView(tx)),
  'exports/setSchedule': (schedule, context) => saveSchedule(context.env, context.writeContext(), schedule),
});
