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
