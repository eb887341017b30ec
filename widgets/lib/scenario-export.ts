/**
 * "Scenario" export: the widget's current setup as the runner's JSON, shown in the page and copyable, so
 * a student can run exactly what they see with `npm run --silent sim -- -` (or hand it to a script).
 */
import { toScenario, type WidgetState } from './state.ts';

export function scenarioJson(state: WidgetState): string {
  return JSON.stringify(toScenario(state), null, 2);
}

/** Wires the export block WidgetShell rendered; returns the function that refreshes it. */
export function bindScenarioExport(root: HTMLElement): (state: WidgetState) => void {
  const output = root.querySelector<HTMLElement>('[data-role="scenario"]');
  const copy = root.querySelector<HTMLButtonElement>('[data-action="copy-scenario"]');
  const status = root.querySelector<HTMLElement>('[data-role="copy-status"]');
  copy?.addEventListener('click', () => {
    const text = output?.textContent ?? '';
    const done = (message: string) => {
      if (status) status.textContent = message;
    };
    if (!navigator.clipboard) {
      done('Copying is not available here; select the text instead.');
      return;
    }
    navigator.clipboard.writeText(text).then(
      () => done('Copied.'),
      () => done('Copying was refused; select the text instead.'),
    );
  });
  return (state) => {
    if (output) output.textContent = scenarioJson(state);
  };
}
