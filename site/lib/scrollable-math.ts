/**
 * Display equations scroll sideways inside their own box when they are wider than the text column (on
 * phones, or for a long derivation). A scrolling box must be reachable by keyboard (WCAG 2.1.1; axe's
 * scrollable-region-focusable), but making every equation a tab stop would bury the page's controls under
 * dozens of them. So only the equations that actually overflow, at the current width, become focusable
 * regions with a name; the rest stay out of the tab order. Runs after load and whenever the width changes.
 */
function mark(display: HTMLElement): void {
  const scrolls = display.scrollWidth > display.clientWidth + 1;
  if (scrolls) {
    display.tabIndex = 0;
    display.setAttribute('role', 'region');
    display.setAttribute('aria-label', 'Equation (scrolls sideways)');
  } else if (display.hasAttribute('tabindex')) {
    display.removeAttribute('tabindex');
    display.removeAttribute('role');
    display.removeAttribute('aria-label');
  }
}

function markAll(): void {
  document.querySelectorAll<HTMLElement>('.katex-display').forEach(mark);
}

markAll();
let pending = false;
window.addEventListener('resize', () => {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    markAll();
  });
});
