/**
 * "Open in Brian2" (Brian2Export.astro): the widget's current setup as a Brian2 script, shown, copyable and
 * downloadable as a .py file. This module is loaded with `import()` when a reader first opens the panel, so
 * lesson pages do not ship the exporter.
 *
 * `widgetBrian2Script` maps each widget's state to the scenario it stands for (pure, tested in Node):
 * trace and phase-plane widgets hold a runner scenario; the f–I curve sweeps its currents with one neuron per
 * current; the Izhikevich gallery exports the numerics it shows; the network raster is net.m; the mean-field
 * widget exports its spiking network (engine/export/brian2-mean-field.ts).
 */
import { brian2NeuronScript, brian2Script } from '../../engine/export/brian2.ts';
import { brian2LorentzianScript } from '../../engine/export/brian2-mean-field.ts';
import { parseNetScenario } from '../../engine/network/scenario.ts';
import { parseScenario } from '../../engine/scenario.ts';
import { simulatedCurrents } from '../fi-curve/compute.ts';
import { scenarioOf, type GalleryState } from '../gallery/state.ts';
import { networkJob, type MeanFieldLinkState } from '../mean-field/state.ts';
import type { NetworkState } from '../network-raster/state.ts';
import { toScenario, type WidgetState } from './state.ts';

export type Brian2Export = { ok: true; script: string } | { ok: false; message: string };

const problemsText = (problems: readonly { name: string; message: string }[]): string => problems.map((p) => p.message).join(' ');

/** The Brian2 script of a widget's state, by the widget's tag name. */
export function widgetBrian2Script(tag: string, state: unknown): Brian2Export {
  try {
    switch (tag) {
      case 'membrane-trace':
      case 'phase-plane':
      case 'fi-curve': {
        const widget = state as WidgetState;
        const parsed = parseScenario(toScenario(widget));
        if (!parsed.ok) return { ok: false, message: problemsText(parsed.problems) };
        if (tag !== 'fi-curve') return { ok: true, script: brian2Script(parsed.scenario) };
        const sweep = { currents: Array.from(simulatedCurrents(widget)), transient: widget.view?.['transient'] ?? 0 };
        return { ok: true, script: brian2NeuronScript(parsed.scenario, sweep) };
      }
      case 'izhikevich-gallery': {
        const gallery = state as GalleryState;
        const parsed = parseScenario(scenarioOf(gallery, gallery.numerics));
        return parsed.ok ? { ok: true, script: brian2Script(parsed.scenario) } : { ok: false, message: problemsText(parsed.problems) };
      }
      case 'network-raster': {
        const net = state as NetworkState;
        const parsed = parseNetScenario({
          network: 'izhikevich-2003', duration: net.duration, seed: net.seed, method: net.method, connectivity: net.connectivity, Ne: net.Ne, Ni: net.Ni,
          // The published numerics step 1 ms whatever the dt control shows.
          ...(net.method === 'published' ? {} : { dt: net.dt }),
        });
        return parsed.ok ? { ok: true, script: brian2Script(parsed.scenario) } : { ok: false, message: problemsText(parsed.problems) };
      }
      case 'mean-field-link':
        // The spiking network the widget runs on request; the mean-field curve itself is four ODEs, not Brian2's business.
        return { ok: true, script: brian2LorentzianScript(networkJob(state as MeanFieldLinkState)) };
      default:
        return { ok: false, message: 'This figure has no Brian2 export.' };
    }
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

interface StatefulWidget extends HTMLElement {
  getState(): unknown;
}

const hasState = (element: Element | null): element is StatefulWidget => element instanceof HTMLElement && typeof (element as Partial<StatefulWidget>).getState === 'function';

/**
 * Brings a rendered panel to life: fills the script now, again after every change of the widget's controls
 * while the panel is open, and wires Copy and Download.
 */
export function bindBrian2Panel(panel: HTMLDetailsElement): void {
  const widget = document.getElementById(panel.dataset['brian2For'] ?? '');
  const output = panel.querySelector<HTMLElement>('[data-role="brian2-script"]');
  const status = panel.querySelector<HTMLElement>('[data-role="brian2-status"]');
  const say = (text: string) => {
    if (status) status.textContent = text;
  };
  let script = '';
  const refresh = (): void => {
    if (!hasState(widget)) {
      say('The figure is still loading; close and open this panel again in a moment.');
      return;
    }
    const result = widgetBrian2Script(widget.localName, widget.getState());
    script = result.ok ? result.script : '';
    if (output) output.textContent = result.ok ? result.script : '';
    panel.dataset['brian2Ready'] = result.ok ? 'true' : 'false';
    say(result.ok ? '' : `No script for this setup: ${result.message}`);
  };
  let pending = false;
  // Controls update the widget's state in their own listeners; read it once they have run.
  const later = (): void => {
    if (pending || !panel.open) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      refresh();
    });
  };
  widget?.addEventListener('input', later);
  widget?.addEventListener('change', later);
  widget?.addEventListener('click', later);
  panel.addEventListener('toggle', () => {
    if (panel.open) refresh();
  });
  panel.querySelector('[data-action="copy-brian2"]')?.addEventListener('click', () => {
    if (!navigator.clipboard) {
      say('Copying is not available here; select the text instead.');
      return;
    }
    navigator.clipboard.writeText(script).then(
      () => say('Copied.'),
      () => say('Copying was refused; select the text instead.'),
    );
  });
  panel.querySelector('[data-action="download-brian2"]')?.addEventListener('click', () => {
    if (!script) return;
    const url = URL.createObjectURL(new Blob([script], { type: 'text/x-python' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${widget?.id || 'membrane'}-brian2.py`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    say(`Saved ${link.download}.`);
  });
  refresh();
}
