import { z } from 'zod';
import { maxInputDepth, tooDeepMessage } from './input-depth.ts';

/**
 * What every operation's input must be before its own schema looks at it, written once and run
 * by the dispatcher for every call (and by the renderer's form checks):
 *
 * - no control characters in any text (a NUL in a name was stored; tabs and line breaks are
 *   text, so they pass), each refusal naming the field;
 * - no text that is not well-formed Unicode (a lone UTF-16 surrogate, as a broken paste can
 *   leave): the central platform's database cannot store it, and the case's events would be
 *   refused at sync, long after the person at the counter has gone;
 * - no deeper nesting than any real input has (a 5,000-deep JSON exhausted the stack), checked
 *   without recursion so the check itself cannot overflow (input-depth.ts).
 */

// C0 controls except tab, line feed and carriage return; DEL; C1 controls.
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

/**
 * A UTF-16 surrogate standing alone. With the `u` flag a paired surrogate reads as one code point
 * and never matches, so this is `!text.isWellFormed()` (ES2024, not in this project's lib yet).
 */
const loneSurrogate = /\p{Cs}/u;

/** The first problem found, or null. Iterative: a hostile depth cannot overflow the stack. */
export function inputProblem(value: unknown): { path: (string | number)[]; message: string } | null {
  const stack: Array<{ value: unknown; path: (string | number)[] }> = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (path.length > maxInputDepth) {
      return { path: [], message: tooDeepMessage };
    }
    if (typeof current === 'string') {
      if (controlCharacter.test(current)) {
        return { path, message: '含有不可见的控制字符（如 NUL、退格），请删除后重新输入（可从记事本重新粘贴）' };
      }
      if (loneSurrogate.test(current)) {
        return { path, message: '含有无法保存的字符（不成对的代理项，多为复制粘贴时截断的表情或生僻字），请删除该字符后重新输入' };
      }
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: [...path, i] });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        if (controlCharacter.test(key)) return { path: [...path, key], message: '字段名含有控制字符' };
        if (loneSurrogate.test(key)) return { path: [...path, key], message: '字段名含有无法保存的字符（不成对的代理项）' };
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return null;
}

/** The same check as a zod schema, so its refusal reads like any other field's. */
export const guardedInput = z.unknown().superRefine((value, context) => {
  const problem = inputProblem(value);
  if (problem) context.addIssue({ code: 'custom', path: problem.path, message: problem.message });
});
