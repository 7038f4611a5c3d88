/**
 * Limits the API's schemas and the transports share. Kept apart from the schemas (zod) so that
 * browser mode's HTTP front, which only passes calls on, does not build the whole API table.
 */

/** The largest scan a clerk may attach, in MiB (sent as base64: 4/3 of it). */
export const maxAttachmentMiB = 10;
