/**
 * Build-time rendering of `$…$` inside plain strings: frontmatter (summaries, objectives) and
 * exercise options are not MDX, so remark-math never sees them. Uses the same KaTeX and the same strictness as rehype-katex in
 * astro.config.mjs, so a TeX error in an option fails the build like one in the prose.
 * Server-side only: never import this from browser code, it would ship KaTeX.
 */
import katex from 'katex';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** HTML for `text`, with each `$…$` span typeset; `\$` is a literal dollar sign. */
export function renderInlineMath(text: string): string {
  const pieces = text.split(/(?<!\\)\$/);
  if (pieces.length % 2 === 0) throw new Error(`Unbalanced $ in "${text}"`);
  return pieces
    .map((piece, i) =>
      i % 2 === 1
        ? katex.renderToString(piece, { throwOnError: true, strict: 'error', output: 'htmlAndMathml' })
        : escapeHtml(piece.replace(/\\\$/g, '$')),
    )
    .join('');
}

/** `text` with its `$` delimiters removed, for places that take no markup (meta description, <title>). */
export function stripMathDelimiters(text: string): string {
  return text.replace(/(?<!\\)\$/g, '').replace(/\\\$/g, '$');
}

/**
 * KaTeX faces that `html` (KaTeX output) draws with, beyond Main-Regular and Math-Italic, which every page with
 * math preloads. A face that arrives after the first layout changes the width of its formula, and the lines after
 * it wrap anew: lesson 11's objectives (a \sum, drawn in Size1) shifted the text below them by 28 px, a layout
 * shift of 0.026 in Lighthouse. The classes are KaTeX's (katex.css assigns the faces by them).
 */
export function extraKatexFaces(html: string): KatexFace[] {
  return (Object.keys(FACE_CLASSES) as KatexFace[]).filter((face) => FACE_CLASSES[face].test(html));
}

const FACE_CLASSES = {
  // Not a bare `size1`: KaTeX's script sizes are classes `reset-sizeN sizeM` too.
  Size1: /class="[^"]*\b(small-op|delimsizing size1)\b/,
  Size2: /class="[^"]*\b(large-op|delimsizing size2)\b/,
  'Main-Bold': /class="[^"]*\b(mathbf|textbf)\b/,
} as const;

export type KatexFace = keyof typeof FACE_CLASSES;
