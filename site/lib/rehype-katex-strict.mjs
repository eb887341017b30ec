// @ts-check
/**
 * rehype-katex, but a TeX error or a strict-mode warning fails the build. rehype-katex itself only records a
 * message on the file and renders the error in red, which a build never shows; a student would see it first.
 */
import rehypeKatex from 'rehype-katex';

/** @param {import('rehype-katex').Options} options */
export default function rehypeKatexStrict(options) {
  const render = rehypeKatex(options);
  /** @param {import('hast').Root} tree @param {import('vfile').VFile} file */
  return (tree, file) => {
    const before = file.messages.length;
    render(tree, file);
    const problems = file.messages.slice(before).filter((message) => message.source === 'rehype-katex');
    if (problems.length > 0) {
      const lines = problems.map((m) => `  line ${m.line ?? '?'}: ${m.cause instanceof Error ? m.cause.message : m.reason}`);
      throw new Error(`TeX that KaTeX cannot render strictly in ${file.path ?? 'a lesson'}:\n${lines.join('\n')}`);
    }
  };
}
