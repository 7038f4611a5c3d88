/**
 * Which element a field path stands for. Every field of the intake screen sits in a wrapper with
 * `data-field="<path>"` (applicant.idNumber, agent.phone, materials.<key>, …), the same paths as
 * main's errors; a refused submit focuses the first of them in the order the clerk reads the page.
 */

const FOCUSABLE =
  'input:not([type="hidden"]):not([type="file"]):not([disabled]), textarea:not([disabled]), select:not([disabled]), button:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Paths main may use for a whole group, and the field that stands for it. */
const aliases: Readonly<Record<string, string>> = {
  applicant: 'applicant.type',
  agent: 'agent.name',
};

export function fieldElement(root: ParentNode, field: string): HTMLElement | null {
  const all = [...root.querySelectorAll<HTMLElement>('[data-field]')];
  const find = (path: string) => all.find((el) => el.dataset.field === path) ?? null;
  let path = field;
  for (;;) {
    const alias = aliases[path];
    const hit = find(path) ?? (alias ? find(alias) : null);
    if (hit) return hit;
    // materials.<key> whose row is gone, applicant.x.y …: fall back to the enclosing group.
    const dot = path.lastIndexOf('.');
    if (dot < 0) return null;
    path = path.slice(0, dot);
  }
}

/** The element to put the caret in: a radio group's chosen radio (else its first), else the first control. */
export function focusTargetIn(element: HTMLElement): HTMLElement | null {
  if (element.matches(FOCUSABLE)) return element;
  const radios = [...element.querySelectorAll<HTMLInputElement>('input[type="radio"]:not([disabled])')];
  if (radios.length > 0) return radios.find((r) => r.checked) ?? radios[0] ?? null;
  return element.querySelector<HTMLElement>(FOCUSABLE);
}

export function focusField(root: ParentNode, field: string): boolean {
  const element = fieldElement(root, field);
  const target = element ? focusTargetIn(element) : null;
  if (!element || !target) return false;
  target.focus();
  element.scrollIntoView?.({ block: 'center' });
  return true;
}

/** Of these fields, the one first on the page (not first in the list); null if none is on screen. */
export function firstOnPage(root: ParentNode, fields: readonly string[]): string | null {
  let best: { field: string; element: HTMLElement } | null = null;
  for (const field of fields) {
    const element = fieldElement(root, field);
    if (!element) continue;
    if (!best || best.element.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_PRECEDING) best = { field, element };
  }
  return best?.field ?? null;
}

/** Focuses the first of `fields` on the page; returns the one focused. */
export function focusFirstError(root: ParentNode, fields: readonly string[]): string | null {
  const first = firstOnPage(root, fields);
  if (first !== null) focusField(root, first);
  return first;
}
