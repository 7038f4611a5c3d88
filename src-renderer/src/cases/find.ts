import { recogniseQuery } from '@domain/cases/search-query.ts';
import { messageOf } from '../shared/api/errors.ts';
import { request, wasHandled } from '../shared/api/request.ts';
import { todayInChina } from '../shared/time.ts';

export type FindOutcome =
  /** A case number that names one case: open it. */
  | { kind: 'case'; id: string }
  /** Anything else: list what matches. */
  | { kind: 'list' }
  /** Said at the box: a number that fails its check, or a case number nobody has. */
  | { kind: 'error'; message: string }
  /** The session ended or locked while asking: the lock or login screen says so. */
  | { kind: 'stopped' };

/**
 * What a search box does with what was typed or scanned. A case number is opened through
 * `cases/byNumber`; a number whose check character fails is refused before anything is asked,
 * so a mis-scan never opens the wrong case.
 */
export async function findCase(text: string): Promise<FindOutcome> {
  const recognised = recogniseQuery(text, todayInChina());
  if (recognised.kind === 'badCaseNumber') return { kind: 'error', message: recognised.message };
  if (recognised.kind !== 'caseNumber') return { kind: 'list' };
  try {
    const { id } = await request('cases/byNumber', { caseNumber: recognised.value });
    return { kind: 'case', id };
  } catch (error) {
    if (wasHandled(error)) return { kind: 'stopped' };
    return { kind: 'error', message: messageOf(error) };
  }
}
