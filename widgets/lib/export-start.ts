/**
 * Starts the "Export" buttons of a page (ExportButtons.astro) without shipping the exporter: ./export.ts is
 * loaded when a reader first asks for a file.
 */
type Format = 'csv' | 'json' | 'svg' | 'png';
const FORMATS: readonly string[] = ['csv', 'json', 'svg', 'png'];

/** One listener for every export group of the page, so widgets added later work too. */
export function startExportButtons(doc: Document = document): void {
  doc.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('button[data-export]') : null;
    const group = button?.closest<HTMLElement>('[data-export-for]');
    const format = button?.dataset['export'];
    if (!button || !group || !format || !FORMATS.includes(format)) return;
    const status = group.querySelector<HTMLElement>('[data-role="export-status"]');
    const say = (text: string) => {
      if (status) status.textContent = text;
    };
    const widget = doc.getElementById(group.dataset['exportFor'] ?? '');
    if (!widget || !('exportTables' in widget)) {
      say('The figure is still loading; try again in a moment.');
      return;
    }
    // Not `disabled`: that would drop keyboard focus; a second click while busy is ignored instead.
    if (group.dataset['busy']) return;
    group.dataset['busy'] = 'true';
    say('Preparing the file…');
    import('./export.ts')
      .then(({ exportWidget }) => exportWidget(widget as Parameters<typeof exportWidget>[0], format as Format))
      .then((name) => say(`Saved ${name}.`))
      .catch((error: unknown) => say(error instanceof Error ? `Could not export: ${error.message}` : 'Could not export this figure.'))
      .finally(() => {
        delete group.dataset['busy'];
      });
  });
}
