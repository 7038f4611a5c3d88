import { verifyNoticeLink } from '../../services/notices/verify.ts';
import { defineHandlers } from './types.ts';

export const verifyHandlers = defineHandlers('verify', {
  'verify/notice': ({ link, publicKey }, { env }) => env.store.read((tx) => verifyNoticeLink(tx, link, publicKey)),
});
