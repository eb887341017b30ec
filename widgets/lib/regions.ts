/**
 * The parts of a widget's markup every custom element writes to (WidgetShell.astro and the widgets with
 * their own markup use the same data-role names): the alert region, the live text summary, the plot host.
 */

/** Shows a message in the widget's alert region, or clears and hides it. */
export function showError(root: HTMLElement, message: string | undefined): void {
  const region = root.querySelector<HTMLElement>('[data-role="widget-error"]');
  if (!region) return;
  region.textContent = message ?? '';
  region.hidden = message === undefined;
}

/** Updates the screen-reader summary; unchanged text is not rewritten, so it is not announced again. */
export function setSummary(root: HTMLElement, text: string): void {
  const region = root.querySelector<HTMLElement>('[data-role="summary"]');
  if (region && region.textContent !== text) region.textContent = text;
}

/** Width available to the plot, in CSS pixels. */
export function plotWidth(root: HTMLElement): number {
  const host = root.querySelector<HTMLElement>('[data-role="plot"]');
  return Math.max(280, Math.floor(host?.clientWidth ?? 640));
}

/**
 * The setup the component wrote into `data-config` at build time, parsed; undefined (with a message in the
 * alert region) if it cannot be read. The caller still validates the shape: the attribute is page data.
 */
export function readConfig(root: HTMLElement): unknown {
  try {
    return JSON.parse(root.dataset['config'] ?? '') as unknown;
  } catch {
    showError(root, 'This widget could not read its setup. Reload the page; if it persists, please report it.');
    return undefined;
  }
}

export type ParsedState<State> = { ok: true; state: State } | { ok: false; problems: string[] };

/**
 * The initial state in a widget's `{ state }` config, checked by the widget's own parser; a config that cannot
 * be read or a state that does not pass is shown on the widget in words, and the result is undefined.
 */
export function readInitialState<State>(root: HTMLElement, parse: (input: unknown) => ParsedState<State>): State | undefined {
  const config = readConfig(root) as { state?: unknown } | undefined;
  if (config === undefined) return undefined;
  const parsed = parse(config.state);
  if (!parsed.ok) {
    showError(root, parsed.problems.join(' '));
    return undefined;
  }
  return parsed.state;
}
