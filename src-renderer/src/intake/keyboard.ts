/**
 * The intake screen's keyboard: shortcuts for the decisions, and Enter moving to the next field
 * instead of submitting. Pure functions over the event and the DOM, tested without a browser.
 */

export type IntakeShortcut = 'accept' | 'notice' | 'refuse' | 'save' | 'next' | 'prefill' | 'allReceived';

/** Shown on the buttons, so the clerk learns them by using the mouse. */
export const shortcutLabels: Readonly<Record<IntakeShortcut, string>> = {
  accept: 'Ctrl+Enter',
  notice: 'Alt+G',
  refuse: 'Alt+J',
  save: 'Ctrl+S',
  next: 'Alt+N',
  prefill: 'Alt+Y',
  allReceived: 'Alt+A',
};

export interface KeyLike {
  key: string;
  code?: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  isComposing?: boolean;
}

/** The letter pressed, from the physical key (Alt+S gives “ß” as the key on a Mac). */
function letterOf(event: KeyLike): string {
  if (event.code && /^Key[A-Z]$/.test(event.code)) return event.code.slice(3).toLowerCase();
  return event.key.length === 1 ? event.key.toLowerCase() : '';
}

/**
 * 受理 Alt+S or Ctrl+Enter, 一次性告知 Alt+G (告), 不予受理 Alt+J (拒), 暂存 Ctrl+S, 下一位 Alt+N,
 * 填入回头客信息 Alt+Y (预), 全部已收取 Alt+A. Nothing while an input method is composing.
 */
export function shortcutOf(event: KeyLike): IntakeShortcut | null {
  if (event.isComposing) return null;
  const ctrl = event.ctrlKey || event.metaKey;
  const letter = letterOf(event);
  if (ctrl && !event.altKey && !event.shiftKey) {
    if (event.key === 'Enter') return 'accept';
    if (letter === 's') return 'save';
    return null;
  }
  if (event.altKey && !ctrl && !event.shiftKey) {
    switch (letter) {
      case 's':
        return 'accept';
      case 'g':
        return 'notice';
      case 'j':
        return 'refuse';
      case 'n':
        return 'next';
      case 'y':
        return 'prefill';
      case 'a':
        return 'allReceived';
    }
  }
  return null;
}

const TEXT_TYPES = new Set(['text', 'tel', 'search', 'email', 'number', 'url', 'password', '']);

/**
 * Enter in a field moves on: in text boxes, radios, switches and closed selects. Not in a
 * textarea (new line), on a button (presses it), or in an open dropdown (picks the option).
 */
export function isEnterToNext(event: KeyLike & { target: EventTarget | null }): boolean {
  if (event.key !== 'Enter' || event.isComposing || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return false;
  const target = event.target;
  if (!(target instanceof HTMLInputElement)) return false;
  if (target.getAttribute('role') === 'combobox') return target.getAttribute('aria-expanded') !== 'true';
  return TEXT_TYPES.has(target.type) || target.type === 'radio' || target.type === 'checkbox';
}

function visible(element: HTMLElement): boolean {
  if (element.closest('[hidden], [aria-hidden="true"], [data-enter-skip]')) return false;
  const check = (element as HTMLElement & { checkVisibility?: () => boolean }).checkVisibility;
  return typeof check === 'function' ? check.call(element) : true;
}

/** The fields Enter steps through, in page order; a radio group counts once (its chosen radio, else its first). */
export function fieldsIn(container: ParentNode): HTMLElement[] {
  const candidates = [
    ...container.querySelectorAll<HTMLElement>('input:not([type="hidden"]):not([type="file"]):not([disabled]), textarea:not([disabled])'),
  ].filter(visible);
  const out: HTMLElement[] = [];
  const groups = new Set<string>();
  for (const element of candidates) {
    if (element instanceof HTMLInputElement && element.type === 'radio' && element.name) {
      if (groups.has(element.name)) continue;
      groups.add(element.name);
      const group = candidates.filter((c): c is HTMLInputElement => c instanceof HTMLInputElement && c.type === 'radio' && c.name === element.name);
      out.push(group.find((r) => r.checked) ?? element);
      continue;
    }
    out.push(element);
  }
  return out;
}

/** Moves the focus to the field after `from`; false when `from` is the last one. */
export function focusNextField(container: ParentNode, from: HTMLElement): boolean {
  const fields = fieldsIn(container);
  let index = fields.indexOf(from);
  if (index < 0 && from instanceof HTMLInputElement && from.type === 'radio') {
    index = fields.findIndex((f) => f instanceof HTMLInputElement && f.type === 'radio' && f.name === from.name);
  }
  const next = index >= 0 ? fields[index + 1] : undefined;
  if (!next) return false;
  next.focus();
  return true;
}
