/**
 * Starts the "Open in Brian2" panels of a page (Brian2Export.astro) without shipping the exporter:
 * ./brian2-export.ts is fetched the first time a panel is opened.
 */
export function startBrian2Panels(doc: Document = document): void {
  // `toggle` does not bubble: one capturing listener serves every panel of the page.
  doc.addEventListener(
    'toggle',
    (event) => {
      const panel = event.target;
      if (!(panel instanceof HTMLDetailsElement) || !panel.open || !panel.matches('[data-brian2-for]') || panel.dataset['brian2Bound']) return;
      panel.dataset['brian2Bound'] = 'true';
      import('./brian2-export.ts')
        .then(({ bindBrian2Panel }) => bindBrian2Panel(panel))
        .catch(() => {
          const status = panel.querySelector('[data-role="brian2-status"]');
          if (status) status.textContent = 'The Brian2 exporter could not be loaded; reload the page and try again.';
        });
    },
    true,
  );
}
