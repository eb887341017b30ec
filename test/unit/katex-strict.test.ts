/**
 * Lesson math is rendered at build time by site/lib/rehype-katex-strict.mjs, which must fail the build on TeX
 * KaTeX cannot render strictly (rehype-katex alone only records a message and renders the error in red).
 */
import { describe, expect, it } from 'vitest';
import rehypeKatexStrict from '../../site/lib/rehype-katex-strict.mjs';

interface Message {
  readonly reason: string;
  readonly source?: string;
}

/** A hast tree with one inline math element, as remark-math + remark-rehype produce it. */
function mathTree(tex: string) {
  return {
    type: 'root' as const,
    children: [{ type: 'element' as const, tagName: 'code', properties: { className: ['language-math', 'math-inline'] }, children: [{ type: 'text' as const, value: tex }] }],
  };
}

/** The two members of a VFile that rehype-katex uses. */
function fakeFile() {
  const messages: Message[] = [];
  return {
    path: 'lessons/zz.mdx',
    messages,
    message(reason: string, options: Record<string, unknown>) {
      const message = { reason, ...options } as Message;
      messages.push(message);
      return message;
    },
  };
}

function render(tex: string) {
  const transform = rehypeKatexStrict({ strict: 'error' }) as unknown as (tree: unknown, file: unknown) => void;
  const tree = mathTree(tex);
  transform(tree, fakeFile());
  return JSON.stringify(tree);
}

describe('strict KaTeX at build time', () => {
  it('renders valid TeX', () => {
    expect(render('\\tau_m \\frac{du}{dt} = -u')).toContain('katex');
  });
  it.each([
    ['an unknown command', '\\notacommand', /Undefined control sequence/],
    ['an HTML entity left inside math', 'x &lt; y', /Expected 'EOF'/],
    ['a Unicode letter in math mode', 'é', /strict mode/],
  ])('fails on %s, naming the file and the problem', (_what, tex, problem) => {
    expect(() => render(tex)).toThrow(problem);
    expect(() => render(tex)).toThrow(/lessons\/zz\.mdx/);
  });
});
