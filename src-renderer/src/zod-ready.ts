/**
 * A chunk that builds zod schemas (the API table, the forms' checks) is loaded through here: zod is
 * configured first (zod-setup.ts), in a chunk of its own that has finished running before the
 * other chunk is even fetched. A static import of zod-setup.ts would not do: the bundler may put
 * the module importing it in a chunk that the schemas' chunk runs before. The login screen needs
 * no schema to be shown, so zod is not on its way.
 */
let configured: Promise<unknown> | null = null;

export function afterZodSetup<T>(load: () => Promise<T>): () => Promise<T> {
  return () => (configured ??= import('./zod-setup.ts')).then(load);
}
