/**
 * Display equations scroll sideways inside their own box when they are wider than the text column (on
 * phones, or for a long derivation). A scrolling box must be reachable by keyboard (WCAG 2.1.1; axe's
 * scrollable-region-focusable), but making every equation a tab stop would bury the page's controls under
 * dozens of them. So only the equations that actually overflow, at the current width, become focusable
 * regions with a name; the rest stay out of the tab order. Runs after the first frame, once the fonts are in, and
 * whenever the width changes.
 */
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
}

/**
 * Every width first, then every change: a change between two reads would make the next read lay the lesson out
 * again, once per equation that scrolls (on a phone, most long ones).
 */
function markAll(): void {
  const displays = [...document.querySelectorAll<HTMLElement>('.katex-display')];
  const scrolls = displays.map((display) => display.scrollWidth > display.clientWidth + 1);
  displays.forEach((display, i) => mark(display, scrolls[i]!));
}

// Not before the first frame: until Chromium has rendered once, it has not yet decided which content-visibility: auto
// blocks (global.css) are off screen, and reading a width then lays out the whole lesson. On lesson 04, under
// Lighthouse's mobile CPU slowdown, that was a 1.9 s style-and-layout task that delayed the first paint by about
// 0.8 s. After the frame, the widths read are of laid-out equations only. Again once the fonts are in: a KaTeX face
// that arrives late changes a formula's width, not its box's, so no resize reports it.
const markAfterFrame = (): void => {
  requestAnimationFrame(() => setTimeout(markAll));
};
markAfterFrame();
void document.fonts.ready.then(markAfterFrame);
let pending = false;
window.addEventListener('resize', () => {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    markAll();
  });
});
