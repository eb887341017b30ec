// @ts-check
/**
 * Gives each top-level paragraph and list of a lesson its length in characters (`--chars`, and `--items` for a
 * list), so that the stylesheet can estimate its height while its layout is skipped (content-visibility in
 * global.css). With one placeholder height for every block, lessons 01, 06, 08 and 12 measured 64–70 % of their height
 * at 360 px (79–85 % at 1280 px) until laid out: the scrollbar misled, and script that brought an element far down
 * into view saw the text around it grow.
 *
 * Rendered math counts by the glyphs KaTeX draws (its `.katex-html` text). Over the twelve lessons at 360–1600 px,
 * the estimates of all paragraphs and lists added up to 0.96–1.04 of their laid-out height, each block off by
 * 0.1–0.5 lines on average, and the four lessons above measured 94–101 % of their height before being laid out.
 * Runs after rehype-katex (astro.config.mjs).
 */

/** @typedef {import('hast').Root} Root */
/** @typedef {import('hast').RootContent} Node */

/** @param {Node} node @param {string} name */
function hasClass(node, name) {
  if (node.type !== 'element') return false;
  const classes = node.properties['className'];
  return Array.isArray(classes) && classes.includes(name);
}

/** Characters the reader sees in `node`: runs of white space count once, a formula by the glyphs it draws. */
function visibleLength(/** @type {Node} */ node, inMath = false) {
  if (node.type === 'text') return (inMath ? node.value.replace(/[\s\u200b]/g, '') : node.value.replace(/\s+/g, ' ')).length;
  if (node.type !== 'element') return 0;
  // The MathML copy is for screen readers: it takes no room on the page.
  if (hasClass(node, 'katex-mathml')) return 0;
  const math = inMath || hasClass(node, 'katex');
  let length = 0;
  for (const child of node.children) length += visibleLength(child, math);
  return length;
}

export default function rehypeProseLength() {
  /** @param {Root} tree */
  return (tree) => {
    for (const node of tree.children) {
      if (node.type !== 'element' || !['p', 'ul', 'ol'].includes(node.tagName)) continue;
      const items = node.children.filter((child) => child.type === 'element' && child.tagName === 'li').length;
      const style = `--chars: ${visibleLength(node)}` + (node.tagName === 'p' ? '' : `; --items: ${items}`);
      const existing = node.properties['style'];
      node.properties['style'] = existing ? `${existing}; ${style}` : style;
    }
  };
}
