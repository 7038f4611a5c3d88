import { assertAttachmentVisible } from '../../services/access/case-scope.ts';
import { viewAttachment } from '../../services/attachments/store.ts';
import { fetchScanIfRemote } from '../../services/sync/attachment-fetch.ts';
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
  'attachments/content': async ({ attachmentId }, context) => {
    const { env } = context;
    // A scan of a case pulled from another PC is fetched from the gateway when first opened, by whoever may see it.
    env.store.read((tx) => assertAttachmentVisible(tx, viewerOf(context), attachmentId));
    await fetchScanIfRemote(env, context.writeContext(), attachmentId);
    return env.store.write(context.writeContext(), (tx) => viewAttachment(tx, viewerOf(context), env.dataDir, attachmentId));
  },
});
