/** The documents a window prints for a case (受理通知书, 一次性告知书, 不予受理决定书, 交接单). */
export const printDocuments = ['acceptance', 'notice', 'refusal', 'handover'] as const;
export type PrintDocument = (typeof printDocuments)[number];
