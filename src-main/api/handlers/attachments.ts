import { viewAttachment } from '../../services/attachments/store.ts';
import { addDraftAttachment, removeDraftAttachment } from '../../services/intake/drafts.ts';
import { defineHandlers, sessionOf, viewerOf } from './types.ts';

export const attachmentsHandlers = defineHandlers('attachments', {
  'attachments/add': (input, context) =>
    context.env.store.write(context.writeContext(), (tx) => addDraftAttachment(tx, context.env.dataDir, input, sessionOf(context).userId)),
  'attachments/remove': ({ draftId, attachmentId }, context) =>
    context.env.store.write(context.writeContext(), (tx) => {
      removeDraftAttachment(tx, draftId, attachmentId, sessionOf(context).userId);
      return { ok: true as const };
    }),
  'attachments/content': ({ attachmentId }, context) =>
    context.env.store.write(context.writeContext(), (tx) => viewAttachment(tx, viewerOf(context), context.env.dataDir, attachmentId)),
});
