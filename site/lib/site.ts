/**
 * Site-wide constants and the small decisions the layouts make, kept out of .astro files so
 * they can be tested.
 */

export const SITE_NAME = 'Membrane';

export const SITE_DESCRIPTION =
  'A live course in neuronal dynamics: read the equations, run the models on the page, check your answers.';

/**
 * Delivered as <meta http-equiv>, the only way a static host without header control can set it.
 * 'unsafe-inline' styles: KaTeX's HTML positions glyphs with style attributes. Scripts are only
 * ever external files (astro.config.mjs sets assetsInlineLimit 0), so no script hash is needed.
 * frame-ancestors is omitted because browsers ignore it in a meta tag. 'wasm-unsafe-eval' lets the
 * search (Pagefind) compile its WebAssembly module; it allows nothing else, eval and new Function
 * stay forbidden. Its worker and index files are same-origin, which default-src 'self' covers, as
 * it covers the service worker (worker-src falls back to script-src, then default-src).
 *
 * `astro dev` injects one inline script of its own (the dev toolbar's settings), so the
 * development policy allows inline scripts; it still forbids eval, so a widget that needs
 * eval fails in development as it would in production.
 */
export function contentSecurityPolicy(mode: 'production' | 'development'): string {
  const scripts =
    mode === 'production' ? "script-src 'self' 'wasm-unsafe-eval'" : "script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'";
  return [
    "default-src 'self'",
    scripts,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** "Leaky integrate-and-fire · Membrane"; the home page keeps a descriptive title of its own. */
export function pageTitle(title: string | undefined): string {
  return title === undefined ? `${SITE_NAME}: a live course in neuronal dynamics` : `${title} · ${SITE_NAME}`;
}

export interface NavLink {
  readonly href: string;
  readonly label: string;
  /** Marked aria-current="page": the home page for Course, /about/ for About. */
  readonly current: boolean;
}

export function navLinks(pathname: string): NavLink[] {
  const path = pathname.endsWith('/') ? pathname : `${pathname}/`;
  return [
    { href: '/', label: 'Course', current: path === '/' },
    { href: '/about/', label: 'About', current: path === '/about/' },
  ];
}
