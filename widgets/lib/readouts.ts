/** Writes readout values into the <output> elements WidgetShell.astro rendered. */
export interface ShownReadout {
  readonly value: number;
  readonly text: string;
  readonly note?: string | undefined;
}

export function showReadouts(root: HTMLElement, readouts: ReadonlyMap<string, ShownReadout>): void {
  for (const [id, readout] of readouts) {
    const output = root.querySelector<HTMLOutputElement>(`output[data-readout="${id}"]`);
    if (!output) continue;
    output.textContent = readout.text;
    output.dataset['value'] = String(readout.value);
    const unit = root.querySelector<HTMLElement>(`[data-unit-for="${id}"]`);
    if (unit) unit.hidden = readout.note !== undefined;
    const note = root.querySelector<HTMLElement>(`[data-note-for="${id}"]`);
    if (note) note.textContent = readout.note ?? '';
  }
}
