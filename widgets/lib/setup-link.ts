/**
 * "Link to this setup": a URL that reopens the page with one widget set up exactly as it was, so an instructor
 * can say "open this and explain what you see". The setup travels in the fragment (never sent to a server) as
 *
 *   <page URL>#setup=<widget id>.<link>
 *
 * where <link> is link-codec's `widget1.<base64url JSON>.<crc32>` of `{ state }`, `state` being the widget's
 * own `getState()`. The widget id ends at the first '.', so ids with a dot cannot be linked (the course's ids
 * are kebab-case). Reading a link never throws and never evaluates anything: a damaged, truncated or foreign
 * link, an id not on the page, or a state the widget refuses (its `setState` checks it) is said in words on
 * the widget, or at the top of the article when the widget is not there, and the page is left as it was.
 */
import { loadExpressionParser, usesExpression } from '../../engine/stimuli/expression-parser.ts';
import { decodeLink, encodeLink, LinkError } from './link-codec.ts';
import { showError } from './regions.ts';
import { SETUP_PREFIX as PREFIX } from './setup-start.ts';

export const SETUP_KIND = 'widget';
export const SETUP_VERSION = 1;

/** A widget a link can be made from: every Membrane widget's custom element has these. */
export interface LinkableWidget {
  readonly id: string;
  getState(): unknown;
}

export interface RestorableWidget extends LinkableWidget {
  /** Applies the state if valid; returns the problems (strings or `{ message }`), empty when applied. */
  setState(input: unknown): unknown;
}

/** Ids a fragment can carry unambiguously: no '.', which ends the id, nor anything a URL would escape. */
const LINKABLE_ID = /^[A-Za-z][A-Za-z0-9_:-]*$/;

/** `#setup=<id>.<link>` for `state`; a RangeError for an id the fragment cannot carry. */
export function setupFragment(id: string, state: unknown): string {
  if (!LINKABLE_ID.test(id)) throw new RangeError(`This figure’s id (${JSON.stringify(shorten(id))}) cannot be put in a link.`);
  return `${PREFIX}${id}.${encodeLink(SETUP_KIND, SETUP_VERSION, { state })}`;
}

/** The full link to this page with `widget` set up as it is now. */
export function setupLink(widget: LinkableWidget, where: Pick<Location, 'origin' | 'pathname'> = location): string {
  return `${where.origin}${where.pathname}${setupFragment(widget.id, widget.getState())}`;
}

export type ParsedFragment =
  | { readonly kind: 'none' }
  | { readonly kind: 'setup'; readonly id: string; readonly link: string }
  | { readonly kind: 'invalid'; readonly message: string };

/**
 * Reads a location hash: 'none' if it is not a setup (an ordinary anchor, or empty), the id and link text if it
 * is one, or a message if it starts like one but has no id or no link.
 */
export function parseSetupFragment(hash: string): ParsedFragment {
  if (!hash.startsWith(PREFIX)) return { kind: 'none' };
  const rest = hash.slice(PREFIX.length);
  const dot = rest.indexOf('.');
  const rawId = dot < 0 ? rest : rest.slice(0, dot);
  let id: string;
  try {
    // Browsers percent-encode some characters of a pasted fragment; the link text itself is URL-safe.
    id = decodeURIComponent(rawId);
  } catch {
    return { kind: 'invalid', message: 'The setup link is damaged: copy it again in full.' };
  }
  if (id.length === 0) return { kind: 'invalid', message: 'The setup link names no figure: copy it again in full.' };
  if (dot < 0 || dot === rest.length - 1) return { kind: 'setup', id, link: '' };
  return { kind: 'setup', id, link: rest.slice(dot + 1) };
}

function validatePayload(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new Error('it is not a widget setup.');
  const keys = Object.keys(payload);
  if (keys.length !== 1 || keys[0] !== 'state') throw new Error('it is not a widget setup.');
  return (payload as { state: unknown }).state;
}

/** The widget state a link carries (still to be checked by the widget's setState); throws only LinkError. */
export function decodeSetupState(link: string): unknown {
  if (link.length === 0) throw new LinkError('The setup link is incomplete: copy it again in full.');
  return decodeLink(link, SETUP_KIND, SETUP_VERSION, validatePayload);
}

/** The problems a widget's setState returned, as one sentence list; undefined when there are none. */
export function problemsText(problems: unknown): string | undefined {
  if (!Array.isArray(problems) || problems.length === 0) return undefined;
  const texts = problems.map((p) => {
    if (typeof p === 'string') return p;
    if (typeof p === 'object' && p !== null && typeof (p as { message?: unknown }).message === 'string') return (p as { message: string }).message;
    return 'a value is not valid.';
  });
  return texts.join(' ');
}

function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export type SetupOutcome =
  | { readonly status: 'none' }
  | { readonly status: 'applied'; readonly id: string }
  | { readonly status: 'refused'; readonly id?: string; readonly message: string };

export interface ApplyOptions {
  /** How long to wait for the target's custom element to be defined, ms. */
  readonly timeoutMs?: number;
}

function isRestorable(element: Element): element is Element & RestorableWidget {
  const candidate = element as Partial<RestorableWidget>;
  return typeof candidate.getState === 'function' && typeof candidate.setState === 'function';
}

/** Resolves true once `tag` is defined, false after `timeoutMs` (a widget whose script failed never is). */
function whenDefined(registry: CustomElementRegistry, tag: string, timeoutMs: number): Promise<boolean> {
  if (registry.get(tag)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    registry.whenDefined(tag).then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => resolve(false),
    );
  });
}

/** Waits until the page has painted twice, so widgets above the target have their final height before scrolling. */
function afterLayout(view: Window): Promise<void> {
  return new Promise((resolve) => {
    // Hidden tabs run no animation frames; the timer keeps a restore from waiting until the tab is shown.
    const timer = setTimeout(resolve, 200);
    view.requestAnimationFrame(() =>
      view.requestAnimationFrame(() => {
        clearTimeout(timer);
        resolve();
      }),
    );
  });
}

/** The widget's own message region (SetupLink.astro); widgets clear their alert region on every redraw. */
function showOnWidget(widget: HTMLElement, message: string): void {
  const region = widget.querySelector<HTMLElement>('[data-role="setup-link-message"]');
  if (!region) {
    showError(widget, message);
    return;
  }
  region.textContent = message;
  region.hidden = false;
}

/** Clears what an earlier fragment of this page left on its widgets (the reader may paste another in the tab). */
function clearWidgetMessages(doc: Document): void {
  for (const region of doc.querySelectorAll<HTMLElement>('[data-role="setup-link-message"]')) {
    region.textContent = '';
    region.hidden = true;
  }
}

const PAGE_MESSAGE = 'setup-link-page-message';

/** A polite status line at the top of the article for a link whose figure is not on this page. */
function showOnPage(doc: Document, message: string | undefined): void {
  let region = doc.querySelector<HTMLElement>(`[data-role="${PAGE_MESSAGE}"]`);
  if (message === undefined) {
    if (region) region.hidden = true;
    return;
  }
  if (!region) {
    const host = doc.querySelector('article') ?? doc.querySelector('main') ?? doc.body;
    region = doc.createElement('p');
    region.className = PAGE_MESSAGE;
    region.dataset['role'] = PAGE_MESSAGE;
    region.setAttribute('role', 'status');
    host.prepend(region);
  }
  region.hidden = false;
  // Written after the empty live region is in the page, so screen readers announce it.
  const target = region;
  setTimeout(() => {
    target.textContent = message;
  }, 50);
}

/** The widget's title (its caption's heading), so the reader lands on the figure. */
function titleOf(widget: HTMLElement): HTMLElement {
  return widget.querySelector<HTMLElement>('figcaption strong') ?? widget.querySelector<HTMLElement>('figcaption') ?? widget;
}

function refuse(doc: Document, message: string, widget?: HTMLElement): SetupOutcome {
  if (widget) {
    showOnWidget(widget, message);
    return { status: 'refused', id: widget.id, message };
  }
  showOnPage(doc, message);
  return { status: 'refused', message };
}

/** Brings the widget into view once the page has its final layout, and moves focus to `target` in it. */
async function reveal(doc: Document, widget: HTMLElement, target: HTMLElement): Promise<void> {
  const view = doc.defaultView;
  if (view) await afterLayout(view);
  widget.scrollIntoView({ block: 'start' });
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: true });
}

/** Refuses on the widget, then shows the widget with its message focused, so the reader sees why. */
async function refuseOnWidget(doc: Document, widget: HTMLElement, message: string): Promise<SetupOutcome> {
  const outcome = refuse(doc, message, widget);
  await reveal(doc, widget, widget.querySelector<HTMLElement>('[data-role="setup-link-message"]') ?? widget.querySelector<HTMLElement>('[data-role="widget-error"]') ?? widget);
  return outcome;
}

/**
 * Applies the `#setup=` of the document's location, if any, to its widget; resolves to what happened and never
 * rejects. The target's custom element may be defined after the page loads, so this waits for it.
 */
export async function applySetupFromLocation(doc: Document = document, options: ApplyOptions = {}): Promise<SetupOutcome> {
  const parsed = parseSetupFragment(doc.location?.hash ?? '');
  clearWidgetMessages(doc);
  if (parsed.kind === 'none') {
    showOnPage(doc, undefined);
    return { status: 'none' };
  }
  if (parsed.kind === 'invalid') return refuse(doc, parsed.message);
  const element = doc.getElementById(parsed.id);
  if (!element) {
    return refuse(doc, `This link sets up a figure (“${shorten(parsed.id)}”) that is not on this page, so nothing was changed. The link may be for another lesson, or the lesson has changed since it was made.`);
  }
  showOnPage(doc, undefined);
  const widget = element as HTMLElement;
  const tag = element.localName;
  const view = doc.defaultView;
  if (tag.includes('-') && view && !(await whenDefined(view.customElements, tag, options.timeoutMs ?? 15_000))) {
    return refuseOnWidget(doc, widget, 'The link’s setup was not applied: this figure did not start. Reload the page.');
  }
  if (!isRestorable(element)) return refuseOnWidget(doc, widget, `The link’s setup was not applied: “${shorten(parsed.id)}” is not a figure that a setup link can change.`);
  let state: unknown;
  try {
    state = decodeSetupState(parsed.link);
  } catch (error) {
    const reason = error instanceof LinkError ? error.message : 'The setup link cannot be read.';
    return refuseOnWidget(doc, widget, `The link’s setup was not applied, so the figure shows the lesson’s setup. ${reason}`);
  }
  // A setup may give the stimulus as an expression where the lesson's setup has none: the grammar is fetched first
  // (engine/stimuli/expression-parser.ts). If it cannot be, setState refuses the expression in words.
  if (typeof state === 'object' && state !== null && usesExpression((state as { stimulus?: unknown }).stimulus)) {
    await loadExpressionParser();
  }
  let problems: string | undefined;
  try {
    problems = problemsText(element.setState(state));
  } catch {
    problems = 'the figure could not take this setup.';
  }
  if (problems !== undefined) {
    return refuseOnWidget(doc, widget, `The link’s setup was not applied, so the figure shows the lesson’s setup. It is not valid for this figure: ${problems}`);
  }
  await reveal(doc, widget, titleOf(widget));
  return { status: 'applied', id: widget.id };
}

async function copyText(text: string): Promise<boolean> {
  if (!navigator.clipboard?.writeText) return false;
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Handles a click on a "Link to this setup" button: copies the link, or shows it selected in a field. */
export async function copySetupLink(doc: Document, button: HTMLButtonElement): Promise<void> {
  const box = button.closest<HTMLElement>('[data-role="setup-link"]');
  const status = box?.querySelector<HTMLElement>('[data-role="setup-link-status"]');
  const fallback = box?.querySelector<HTMLElement>('[data-role="setup-link-fallback"]');
  const field = box?.querySelector<HTMLInputElement>('[data-role="setup-link-field"]');
  const say = (text: string) => {
    if (status) status.textContent = text;
  };
  const widget = doc.getElementById(button.dataset['setupFor'] ?? '');
  if (!widget || !isRestorable(widget)) {
    say('This figure has not started yet; try again in a moment.');
    return;
  }
  let link: string;
  try {
    link = setupLink(widget, doc.location ?? location);
  } catch (error) {
    say(error instanceof RangeError ? error.message : 'A link to this setup could not be made.');
    return;
  }
  say('');
  if (field) field.value = link;
  if (await copyText(link)) {
    if (fallback) fallback.hidden = true;
    say('Link copied.');
    return;
  }
  if (fallback && field) {
    fallback.hidden = false;
    field.focus();
    field.select();
    say('Copying is not available here: the link is selected in the field below; copy it from there.');
  } else {
    say('Copying is not available here.');
  }
}
