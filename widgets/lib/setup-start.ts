/**
 * Starts "Link to this setup" on a page (SetupLink.astro) without shipping its code: setup-link.ts and the link
 * codec load when the address carries a setup (`#setup=…`) or a reader clicks a "Link to this setup" button.
 * A lesson read without either never fetches them.
 */
import type * as SetupLink from './setup-link.ts';

export const SETUP_PREFIX = '#setup=';

const started = new WeakSet<Document>();

/**
 * Wires every "Link to this setup" button of the page (one listener, so widgets added later work too), applies
 * the setup in the location now and whenever the fragment changes, and marks the outcome on the root element
 * (`data-setup-link`: none, applied or refused) for tests and styles.
 */
export function startSetupLinks(doc: Document = document): void {
  if (started.has(doc)) return;
  started.add(doc);
  let code: Promise<typeof SetupLink> | undefined;
  const load = () => (code ??= import('./setup-link.ts'));
  const mark = (status: string) => {
    doc.documentElement.dataset['setupLink'] = status;
  };
  doc.addEventListener('click', (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const button = target.closest<HTMLButtonElement>('button[data-action="copy-setup-link"]');
    if (!button) return;
    load().then(
      (module) => module.copySetupLink(doc, button),
      () => {
        const status = button.closest('[data-role="setup-link"]')?.querySelector('[data-role="setup-link-status"]');
        if (status) status.textContent = 'The link could not be made: reload the page and try again.';
      },
    );
  });
  const apply = () => {
    // Before any setup was applied there is nothing on the page to clear: an ordinary anchor needs no code.
    if (!code && !(doc.location?.hash ?? '').startsWith(SETUP_PREFIX)) {
      mark('none');
      return;
    }
    load()
      .then((module) => module.applySetupFromLocation(doc))
      .then(
        (outcome) => mark(outcome.status),
        () => mark('refused'),
      );
  };
  doc.defaultView?.addEventListener('hashchange', apply);
  apply();
}
