/**
 * The header's search field and its "/" shortcut, which every page runs. Apart from search.ts, the results
 * page's logic, so that the header's script does not make every page fetch that module's code (0.9 kB gzip).
 */

/** The header field's id, which the "/" shortcut focuses. */
export const SEARCH_FIELD_ID = 'site-search';

export interface ShortcutKey {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly defaultPrevented: boolean;
}

/** Just what is needed of the event target, so the rule can be tested without a DOM. */
export interface ShortcutTarget {
  readonly tagName: string;
  readonly isContentEditable: boolean;
  /** For <input>: its type. A checkbox or slider is not typed into, so "/" still searches there. */
  readonly type?: string | undefined;
}

const TYPED_INPUTS = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'time']);

/** "/" focuses the search field, as on GitHub or MDN, unless the reader is typing a "/" somewhere. */
export function isSearchShortcut(event: ShortcutKey, target: ShortcutTarget | null): boolean {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return false;
  if (target === null) return true;
  if (target.isContentEditable) return false;
  const tag = target.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return false;
  if (tag === 'INPUT') return !TYPED_INPUTS.has((target.type ?? 'text').toLowerCase());
  return true;
}
