// @ts-check
/**
 * Keeps punctuation on the line of the inline formula before it ("…is $\tau_m$, so…" never starts a line with the
 * comma), and an opening bracket on the line of the formula after it.
 *
 * KaTeX draws a formula as a row of inline blocks (its `.base` boxes). Chromium lets a line break after an inline
 * block whatever character follows, and decides it by the `white-space` of the block's parent: a word joiner
 * (U+2060) before the comma changed nothing, and `nowrap` on an element around formula and comma did not either.
 * So the formula's last box gets a parent of its own that does not wrap. Keeping the whole formula on one line
 * would also work, but long formulas then overflowed the page (lesson 01: at 38 of 81 widths from 280 to 760 px);
 * breaks between its other boxes stay allowed.
 * The bracket before a formula is plain text, and a span that does not wrap around it keeps it with the formula.
 *
 * Used by the Markdown pipeline (the rehype plugin below, after KaTeX) and by `renderInlineMath` for strings.
 */

export const NOBREAK_CLASS = 'math-nobreak';
/** Characters that must not start a line: closing punctuation, and the stops and separators after a formula. */
const TRAILING = /^[,.;:!?)\]’”]/;
const LEADING = /[([‘“]$/;

/** @typedef {import('hast').ElementContent} Content */
/** @typedef {import('hast').Element} Element */

/** @param {Content | undefined} node @param {string} name @returns {node is Element} */
function hasClass(node, name) {
  if (node?.type !== 'element') return false;
  const classes = node.properties['className'];
  return Array.isArray(classes) && classes.includes(name);
}

/** @param {Content[]} children @returns {Element} */
function nobreak(children) {
  return { type: 'element', tagName: 'span', properties: { className: [NOBREAK_CLASS] }, children };
}

/**
 * Applies the rule to the children of one element (or root): for each inline formula among them, its last box
 * when text starting with punctuation follows it, and the bracket that ends the text before it.
 * @param {{ children: Content[] }} parent
 */
export function keepPunctuationWithMath(parent) {
  const children = parent.children;
  for (let i = 0; i < children.length; i++) {
    const formula = children[i];
    if (!hasClass(formula, 'katex')) continue;
    const next = children[i + 1];
    const html = formula.children.find((child) => hasClass(child, 'katex-html'));
    if (next?.type === 'text' && TRAILING.test(next.value) && html?.type === 'element') {
      const last = html.children.findLastIndex((child) => child.type === 'element');
      const box = html.children[last];
      if (box?.type === 'element' && !hasClass(box, NOBREAK_CLASS)) html.children[last] = nobreak([box]);
    }
    const previous = children[i - 1];
    if (previous?.type === 'text' && LEADING.test(previous.value)) {
      const kept = previous.value.slice(0, -1);
      /** @type {Content[]} */
      const replacement = [nobreak([{ type: 'text', value: previous.value.slice(-1) }])];
      if (kept) replacement.unshift({ type: 'text', value: kept });
      children.splice(i - 1, 1, ...replacement);
      i += replacement.length - 1;
    }
  }
}

/** @param {{ children?: unknown }} node */
function walk(node) {
  if (!Array.isArray(node.children)) return;
  keepPunctuationWithMath(/** @type {{ children: Content[] }} */ (node));
  for (const child of node.children) walk(child);
}

/** The rehype plugin: runs after rehype-katex (astro.config.mjs). */
export default function rehypeMathNobreak() {
  /** @param {import('hast').Root} tree */
  return (tree) => walk(tree);
}
