/**
 * Writes the committed copy of the protocol's OpenAPI document (gateway/openapi.json) from the
 * zod schemas. Run after changing src-main/domain/sync; a test fails while the copy is stale.
 *   node gateway/scripts/write-openapi.ts
 */
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../../src-main/domain/sync/openapi.ts';

export const openApiPath = new URL('../openapi.json', import.meta.url);

export function openApiText(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}

if (import.meta.main) {
  writeFileSync(openApiPath, openApiText());
  console.log(`wrote ${openApiPath.pathname}`);
}
