/**
 * Build-time rendering of `$…$` inside plain strings: frontmatter (summaries, objectives) and
 * exercise options are not MDX, so remark-math never sees them. Uses the same KaTeX and the same strictness as rehype-katex in
 * astro.config.mjs, so a TeX error in an option fails the build like one in the prose.
 * Server-side only: never import this from browser code, it would ship KaTeX.
 */
import type { ElementContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import katex from 'katex';
import { keepPunctuationWithMath } from './math-nobreak.mjs';

/**
 * HTML for `text`, with each `$…$` span typeset; `\$` is a literal dollar sign. Built as a tree so that the rule
 * of the lessons' prose (punctuation stays on the line of the formula before it) applies here too.
 */
export function renderInlineMath(text: string): string {
  const pieces = text.split(/(?<!\\)\$/);
  if (pieces.length % 2 === 0) throw new Error(`Unbalanced $ in "${text}"`);
  const children = pieces.flatMap((piece, i): ElementContent[] =>
    i % 2 === 1
      ? (fromHtml(katex.renderToString(piece, { throwOnError: true, strict: 'error', output: 'htmlAndMathml' }), { fragment: true }).children as ElementContent[])
      : piece
        ? [{ type: 'text', value: piece.replace(/\\\$/g, '$') }]
        : [],
  );
  const root = { type: 'root' as const, children };
  keepPunctuationWithMath(root);
  return toHtml(root, { characterReferences: { useNamedReferences: true } });
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
