/**
 * Display equations scroll sideways inside their own box when they are wider than the text column (on
 * phones, or for a long derivation). A scrolling box must be reachable by keyboard (WCAG 2.1.1; axe's
 * scrollable-region-focusable), but making every equation a tab stop would bury the page's controls under
 * dozens of them. So only the equations that actually overflow, at the current width, become focusable
 * regions with a name; the rest stay out of the tab order.
 *
 * Most equations of a lesson skip rendering while out of view (content-visibility: auto, global.css). Reading the
 * width of a skipped one lays it out, which is the work the skipping saves at load, so each equation is measured:
 * - when it is rendered, in the frame that first shows it, before that frame is painted (a ResizeObserver's first
 *   report, which also reports every later change of the column's width);
 * - otherwise when the page is idle, a few at a time, so that the tab order holds every equation that scrolls
 *   before a reader can tab far;
 * - again when the fonts are in (a KaTeX face that arrives late changes a formula's width, not its box's) and
 *   when the window's width changes.
 * Until it is measured, global.css keeps a skipped equation from scrolling (`data-width-measured`).
 */
const MEASURED = 'data-width-measured';
const IDLE_SLICE_MS = 8;

function mark(display: HTMLElement, scrolls: boolean): void {
  if (scrolls && !display.hasAttribute('tabindex')) {
    display.tabIndex = 0;
    display.setAttribute('role', 'region');
    display.setAttribute('aria-label', 'Equation (scrolls sideways)');
  } else if (!scrolls && display.hasAttribute('tabindex')) {
    display.removeAttribute('tabindex');
    display.removeAttribute('role');
    display.removeAttribute('aria-label');
  }
  display.setAttribute(MEASURED, '');
}

/**
 * Every width first, then every change: a change between two reads would make the next read lay the lesson out
 * again, once per equation that scrolls (on a phone, most long ones).
 */
function measure(displays: Iterable<HTMLElement>): void {
  const list = [...displays];
  const scrolls = list.map(overflows);
  list.forEach((display, i) => mark(display, scrolls[i]!));
}

function overflows(display: HTMLElement): boolean {
  // A skipped equation's own scroll width is its box's: its formula is not laid out. Asking for the formula's width
  // lays it out, and the box's scroll width then counts it.
  void display.firstElementChild?.scrollWidth;
  return display.scrollWidth > display.clientWidth + 1;
}

const displays = [...document.querySelectorAll<HTMLElement>('.katex-display')];
const skippable = new Set(displays.filter((display) => getComputedStyle(display).contentVisibility === 'auto'));
/** Equations laid out now: those that never skip, and those that skip but are rendered at the moment. */
const rendered = new Set(displays.filter((display) => !skippable.has(display)));

const sizes = new ResizeObserver((entries) => measure(entries.map((entry) => entry.target as HTMLElement)));
rendered.forEach((display) => sizes.observe(display));

// Fired on each equation that skips when Chromium first decides whether it is on screen, then whenever that changes,
// during the frame, after layout and before paint; a ResizeObserver observing it from then reports in the same frame.
document.addEventListener(
  'contentvisibilityautostatechange',
  (event) => {
    const display = event.target as HTMLElement;
    if (!skippable.has(display)) return;
    if ((event as ContentVisibilityAutoStateChangeEvent).skipped) {
      rendered.delete(display);
      sizes.unobserve(display);
    } else {
      rendered.add(display);
      sizes.observe(display);
    }
  },
  { capture: true },
);

/**
 * The skipped equations not yet measured at this width, in idle time, a slice at a time: each read lays out one
 * equation, and a slice stays short enough not to be a long task on a phone (Lighthouse's mobile preset counts the
 * tasks of this machine four times longer).
 */
function measureSkippedWhenIdle(): void {
  const whenIdle = (run: () => void): void => {
    if ('requestIdleCallback' in window) requestIdleCallback(run);
    else setTimeout(run, 50);
  };
  const slice = (): void => {
    const start = performance.now();
    // Widths read first, marks written after, as in `measure`.
    const batch: HTMLElement[] = [];
    const scrolls: boolean[] = [];
    let more = false;
    for (const display of skippable) {
      if (display.hasAttribute(MEASURED) || rendered.has(display)) continue;
      if (performance.now() - start > IDLE_SLICE_MS) {
        more = true;
        break;
      }
      batch.push(display);
      scrolls.push(overflows(display));
    }
    batch.forEach((display, i) => mark(display, scrolls[i]!));
    if (more) whenIdle(slice);
  };
  whenIdle(slice);
}

/**
 * After the fonts or the width change, the skipped equations' measurements no longer hold, and the rendered ones'
 * widths may have changed inside unchanged boxes.
 */
function measureAgain(): void {
  for (const display of skippable) {
    if (!rendered.has(display)) display.removeAttribute(MEASURED);
  }
  measure(rendered);
  measureSkippedWhenIdle();
}

// Not before the page has loaded and rendered: until Chromium has rendered once, it has not decided which blocks
// are off screen, and reading a width then lays out the whole lesson (on lesson 04, under Lighthouse's mobile CPU
// slowdown, a 1.9 s task that delayed the first paint by about 0.8 s).
const afterLoad = (run: () => void): void => {
  const later = () => requestAnimationFrame(() => setTimeout(run));
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
};
// Once, after both: the fonts are usually in before the load event, and the skipped equations are measured once.
void document.fonts.ready.then(() => afterLoad(measureAgain));

let resizing = false;
window.addEventListener('resize', () => {
  if (resizing) return;
  resizing = true;
  requestAnimationFrame(() => {
    resizing = false;
    measureAgain();
  });
});
