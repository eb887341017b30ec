/**
 * "Link to this setup" (widgets/lib/setup-link.ts): the fragment `#setup=<id>.<widget link>` is written and read
 * back exactly (ids with hyphens included), a fake widget restored from its own link has the state it was made
 * from, and every bad fragment — garbage, truncated, another kind, a newer version, an unknown id, a state the
 * widget refuses — resolves to a message in words, changes nothing and never throws. Node has no DOM, so the
 * document and the widget are small fakes with only what the module touches; the browser test covers real pages.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeLink, LinkError } from '../../widgets/lib/link-codec.ts';
import { applySetupFromLocation, decodeSetupState, parseSetupFragment, problemsText, setupFragment, setupLink } from '../../widgets/lib/setup-link.ts';

// JSON values without -0 (JSON writes it as 0) and with finite numbers only, as in link-codec.test.ts.
const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const ids = fc.stringMatching(/^[a-z][a-z0-9]*(-[a-z0-9]+){0,4}$/);

/** Just enough of an element: attributes, a text, `hidden`, focus and scroll records, and child lookup by role. */
class FakeElement {
  textContent = '';
  hidden = false;
  className = '';
  readonly dataset: Record<string, string> = {};
  readonly attributes = new Map<string, string>();
  readonly children: FakeElement[] = [];
  focused = false;
  scrolled = false;
  constructor(readonly localName: string, readonly id = '') {}
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  hasAttribute(name: string): boolean {
    return this.attributes.has(name);
  }
  focus(): void {
    this.focused = true;
  }
  scrollIntoView(): void {
    this.scrolled = true;
  }
  prepend(child: FakeElement): void {
    this.children.unshift(child);
  }
  querySelector(selector: string): FakeElement | null {
    const role = /^\[data-role="([^"]+)"\]$/.exec(selector)?.[1];
    for (const child of this.children) {
      if ((role !== undefined && child.dataset['role'] === role) || child.localName === selector) return child;
      const inner = child.querySelector(selector);
      if (inner) return inner;
    }
    return null;
  }
}

function region(role: string): FakeElement {
  const el = new FakeElement('p');
  el.dataset['role'] = role;
  el.hidden = true;
  return el;
}

/** A widget whose state is any object with a numeric `current` from 0 to 10; anything else is refused. */
class FakeWidget extends FakeElement {
  state: unknown = { model: 'lif', current: 1.5 };
  readonly message = region('setup-link-message');
  readonly alert = region('widget-error');
  readonly title = new FakeElement('figcaption strong');
  constructor(id: string) {
    super('fake-widget', id);
    this.children.push(this.alert, this.message, this.title);
  }
  getState(): unknown {
    return structuredClone(this.state);
  }
  setState(input: unknown): { name: string; message: string }[] {
    const current = (input as { current?: unknown } | null)?.current;
    if (typeof current !== 'number' || current < 0 || current > 10) return [{ name: 'current', message: 'The current must be a number from 0 to 10.' }];
    this.state = structuredClone(input);
    return [];
  }
}

function fakeDocument(hash: string, widgets: FakeWidget[], defined = true) {
  const body = new FakeElement('body');
  const article = new FakeElement('article');
  body.children.push(article, ...widgets);
  const view = {
    customElements: {
      get: (tag: string) => (defined && tag === 'fake-widget' ? FakeWidget : undefined),
      whenDefined: () => new Promise<void>(() => {}),
    },
    requestAnimationFrame: (callback: () => void) => setTimeout(callback, 0),
  };
  const doc = {
    location: { hash, origin: 'https://course.example', pathname: '/lessons/01-integrate-and-fire/' },
    body,
    defaultView: view,
    getElementById: (id: string) => widgets.find((w) => w.id === id) ?? null,
    querySelector: (selector: string) => body.querySelector(selector),
    querySelectorAll: (selector: string) => (selector === '[data-role="setup-link-message"]' ? widgets.map((w) => w.message) : []),
    createElement: (tag: string) => new FakeElement(tag),
  };
  return { doc: doc as unknown as Document, article };
}

/** The page message's text: it is written 50 ms after the empty live region is added, so it is announced. */
async function pageMessage(article: FakeElement): Promise<string | undefined> {
  await new Promise((resolve) => setTimeout(resolve, 80));
  const message = article.querySelector('[data-role="setup-link-page-message"]');
  return message && !message.hidden ? message.textContent : undefined;
}

describe('the setup fragment', () => {
  it('parse(format(id, state)) gives the id and the state back, for ids with hyphens (property, 300 runs)', () => {
    fc.assert(
      fc.property(ids, json, (id, state) => {
        const parsed = parseSetupFragment(setupFragment(id, state));
        expect(parsed.kind).toBe('setup');
        if (parsed.kind !== 'setup') return;
        expect(parsed.id).toBe(id);
        expect(decodeSetupState(parsed.link)).toEqual(state);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('has the format the assignment builder reads: #setup=<id>.widget1.<base64url>.<check> of { state }', () => {
    const state = { model: 'lif', current: 1.5 };
    const fragment = setupFragment('lif-step', state);
    expect(fragment).toBe(`#setup=lif-step.${encodeLink('widget', 1, { state })}`);
    expect(fragment).toMatch(/^#setup=lif-step\.widget1\.[A-Za-z0-9_-]+\.[0-9a-z]+$/);
    const widget = new FakeWidget('lif-step');
    expect(setupLink(widget, { origin: 'https://course.example', pathname: '/lessons/01-integrate-and-fire/' })).toBe(
      `https://course.example/lessons/01-integrate-and-fire/${fragment}`,
    );
  });

  it('ignores hashes that are not setups (ordinary anchors, empty)', () => {
    for (const hash of ['', '#', '#the-leaky-integrator', '#setup', '#Setup=x.y']) expect(parseSetupFragment(hash)).toEqual({ kind: 'none' });
  });

  it('splits the id at the first dot and decodes a percent-encoded id', () => {
    expect(parseSetupFragment('#setup=net-m.widget1.abc.def')).toEqual({ kind: 'setup', id: 'net-m', link: 'widget1.abc.def' });
    expect(parseSetupFragment('#setup=a%2Db.widget1.x.y')).toEqual({ kind: 'setup', id: 'a-b', link: 'widget1.x.y' });
    expect(parseSetupFragment('#setup=net-m')).toEqual({ kind: 'setup', id: 'net-m', link: '' });
    expect(parseSetupFragment('#setup=net-m.')).toEqual({ kind: 'setup', id: 'net-m', link: '' });
  });

  it('says so for a fragment with no id or a broken escape', () => {
    expect(parseSetupFragment('#setup=')).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/names no figure/) });
    expect(parseSetupFragment('#setup=.widget1.x.y')).toMatchObject({ kind: 'invalid' });
    expect(parseSetupFragment('#setup=%E0%A4%A.widget1.x.y')).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/damaged/) });
  });

  it('refuses ids a fragment cannot carry (a dot would end the id)', () => {
    expect(() => setupFragment('a.b', {})).toThrow(RangeError);
    expect(() => setupFragment('', {})).toThrow(RangeError);
    expect(() => setupFragment('has space', {})).toThrow(RangeError);
  });

  it('decoding refuses other kinds, other payloads and newer versions with a LinkError in words', () => {
    expect(() => decodeSetupState(encodeLink('assignment', 1, { state: {} }))).toThrow(/not a widget link/);
    expect(() => decodeSetupState(encodeLink('widget', 1, { current: 2 }))).toThrow(/not a widget setup/);
    expect(() => decodeSetupState(encodeLink('widget', 1, [1, 2]))).toThrow(/not a widget setup/);
    expect(() => decodeSetupState(encodeLink('widget', 2, { state: {} }))).toThrow(/newer version/);
    expect(() => decodeSetupState('')).toThrow(LinkError);
    expect(() => decodeSetupState('garbage')).toThrow(/damaged/);
  });

  it('random fragments never throw; they parse to none, a setup or a message (property, 2000 runs)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `#setup=${s}`), fc.stringMatching(/^#setup=[a-z-]{1,8}\.widget1\.[A-Za-z0-9_-]{0,30}\.[0-9a-z]{1,7}$/)), (hash) => {
        const parsed = parseSetupFragment(hash);
        if (parsed.kind !== 'setup') return;
        try {
          decodeSetupState(parsed.link);
        } catch (error) {
          expect(error).toBeInstanceOf(LinkError);
        }
      }),
      { seed: 5, numRuns: 2000 },
    );
  });

  it('problem lists from either widget shape become one text', () => {
    expect(problemsText([])).toBeUndefined();
    expect(problemsText(undefined)).toBeUndefined();
    expect(problemsText(['Ne must be whole.', 'dt is too large.'])).toBe('Ne must be whole. dt is too large.');
    expect(problemsText([{ name: 'a', message: 'a is too small.' }])).toBe('a is too small.');
  });
});

describe('applySetupFromLocation', () => {
  it('restores a widget from its own link: the state equals the one the link was made from; title focused, widget scrolled to', async () => {
    const source = new FakeWidget('lif-step');
    source.state = { model: 'lif', current: 7.25, view: { tMax: 200 } };
    const target = new FakeWidget('lif-step');
    const { doc } = fakeDocument(setupFragment(source.id, source.getState()), [new FakeWidget('other'), target]);
    expect(await applySetupFromLocation(doc)).toEqual({ status: 'applied', id: 'lif-step' });
    expect(target.getState()).toEqual(source.getState());
    expect(target.scrolled).toBe(true);
    expect(target.title.focused).toBe(true);
    expect(target.message.hidden).toBe(true);
  });

  it('a new fragment clears the message an earlier one left on another widget', async () => {
    const earlier = new FakeWidget('other');
    earlier.message.hidden = false;
    earlier.message.textContent = 'The link’s setup was not applied.';
    const { doc } = fakeDocument(setupFragment('lif-step', { model: 'lif', current: 2 }), [earlier, new FakeWidget('lif-step')]);
    expect(await applySetupFromLocation(doc)).toEqual({ status: 'applied', id: 'lif-step' });
    expect(earlier.message.hidden).toBe(true);
    expect(earlier.message.textContent).toBe('');
  });

  it('does nothing without a setup fragment', async () => {
    const widget = new FakeWidget('lif-step');
    const { doc, article } = fakeDocument('#some-heading', [widget]);
    expect(await applySetupFromLocation(doc)).toEqual({ status: 'none' });
    expect(widget.getState()).toEqual({ model: 'lif', current: 1.5 });
    expect(await pageMessage(article)).toBeUndefined();
  });

  const link = encodeLink('widget', 1, { state: { model: 'lif', current: 3 } });
  // Each case: a fragment for a widget that is on the page, and what its message must say.
  it.each([
    ['garbage after the id', '#setup=lif-step.garbage', /not applied.*damaged or incomplete/],
    ['a truncated link', `#setup=lif-step.${link.slice(0, -9)}`, /not applied.*damaged or incomplete/],
    ['an edited character', `#setup=lif-step.${link.slice(0, 12)}${link[12] === 'A' ? 'B' : 'A'}${link.slice(13)}`, /not applied.*damaged or incomplete/],
    ['no link after the id', '#setup=lif-step', /not applied.*incomplete/],
    ['another kind of link', `#setup=lif-step.${encodeLink('assignment', 1, { state: {} })}`, /not a widget link/],
    ['a newer version', `#setup=lif-step.${encodeLink('widget', 9, { state: {} })}`, /newer version/],
    ['a state the widget refuses', `#setup=lif-step.${encodeLink('widget', 1, { state: { current: 99 } })}`, /not valid for this figure: The current must be a number from 0 to 10\./],
  ])('%s: the widget keeps its state and says why on itself', async (_, hash, message) => {
    const widget = new FakeWidget('lif-step');
    const { doc, article } = fakeDocument(hash, [widget]);
    const outcome = await applySetupFromLocation(doc);
    expect(outcome).toMatchObject({ status: 'refused', id: 'lif-step', message: expect.stringMatching(message) });
    expect(widget.getState()).toEqual({ model: 'lif', current: 1.5 });
    expect(widget.message.hidden).toBe(false);
    expect(widget.message.textContent).toMatch(message);
    expect(widget.message.focused).toBe(true);
    expect(await pageMessage(article)).toBeUndefined();
  });

  it('an id not on the page: a status message at the top of the article, no widget changed', async () => {
    const widget = new FakeWidget('lif-step');
    const { doc, article } = fakeDocument(`#setup=no-such-figure.${link}`, [widget]);
    expect(await applySetupFromLocation(doc)).toMatchObject({ status: 'refused', message: expect.stringMatching(/“no-such-figure”.*not on this page/) });
    expect(widget.getState()).toEqual({ model: 'lif', current: 1.5 });
    expect(widget.message.hidden).toBe(true);
    expect(await pageMessage(article)).toMatch(/not on this page/);
    expect(article.children[0]?.attributes.get('role')).toBe('status');
  });

  it('a widget whose element never gets defined: a message on it after the wait, not a hang', async () => {
    const widget = new FakeWidget('lif-step');
    const { doc } = fakeDocument(`#setup=lif-step.${link}`, [widget], false);
    expect(await applySetupFromLocation(doc, { timeoutMs: 20 })).toMatchObject({ status: 'refused', message: expect.stringMatching(/did not start/) });
    expect(widget.getState()).toEqual({ model: 'lif', current: 1.5 });
  });

  it('a widget whose setState throws: a message, no exception', async () => {
    const widget = new FakeWidget('lif-step');
    widget.setState = () => {
      throw new TypeError('boom');
    };
    const { doc } = fakeDocument(`#setup=lif-step.${link}`, [widget]);
    expect(await applySetupFromLocation(doc)).toMatchObject({ status: 'refused', message: expect.stringMatching(/could not take this setup/) });
  });
});
