/**
 * Browser side of ParamPanel.astro: keeps each slider and its number field in step, checks typed values
 * against the registry range (a typed value need not lie on the slider's step), and reports changes.
 */
import type { Control } from './controls.ts';
import { decimalsForStep, formatNumber } from './format.ts';

export interface PanelBinding {
  /** Shows `values` without emitting changes (after a reset or a restored state). */
  show(values: ReadonlyMap<string, number>): void;
}

interface Row {
  control: Control;
  range: HTMLInputElement;
  number: HTMLInputElement;
  error: HTMLElement;
}

export function valueText(control: Control, value: number): string {
  const text = formatNumber(value, decimalsForStep(control.spec.step)).replace('−', '-');
  return control.spec.unit ? `${text} ${control.spec.unit}` : text;
}

const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Parses what a reader typed in a number field; returns a message instead of a value when it is unusable. */
export function parseTyped(control: Control, text: string): { value: number } | { message: string } {
  const normalised = text.trim().replace(',', '.').replace('−', '-');
  // Decimal notation only: Number() would also take '0x1f', '0b11' or 'Infinity'.
  const value = DECIMAL.test(normalised) ? Number(normalised) : Number.NaN;
  const { min, max, unit } = control.spec;
  const range = `${min} to ${max}${unit ? ` ${unit}` : ''}`;
  if (!Number.isFinite(value)) return { message: `Enter a number from ${range}.` };
  if (value < min || value > max) return { message: `${value}${unit ? ` ${unit}` : ''} is outside the range ${range}.` };
  return { value };
}

export function bindParamPanel(
  root: HTMLElement,
  controls: readonly Control[],
  onChange: (control: Control, value: number) => void,
  onReset?: () => void,
): PanelBinding {
  const rows: Row[] = [];
  for (const control of controls) {
    const element = root.querySelector<HTMLElement>(`.control[data-key="${CSS.escape(control.key)}"]`);
    if (!element) continue;
    const row: Row = {
      control,
      range: element.querySelector<HTMLInputElement>('[data-role="range"]')!,
      number: element.querySelector<HTMLInputElement>('[data-role="number"]')!,
      error: element.querySelector<HTMLElement>('[data-role="error"]')!,
    };
    rows.push(row);
    const clearError = () => {
      row.error.hidden = true;
      row.error.textContent = '';
      row.number.removeAttribute('aria-invalid');
    };
    row.range.addEventListener('input', () => {
      const value = Number(row.range.value);
      row.number.value = String(value);
      row.range.setAttribute('aria-valuetext', valueText(control, value));
      clearError();
      onChange(control, value);
    });
    row.number.addEventListener('change', () => {
      const parsed = parseTyped(control, row.number.value);
      if ('message' in parsed) {
        row.error.textContent = parsed.message;
        row.error.hidden = false;
        row.number.setAttribute('aria-invalid', 'true');
        return;
      }
      clearError();
      row.range.value = String(parsed.value);
      row.range.setAttribute('aria-valuetext', valueText(control, parsed.value));
      onChange(control, parsed.value);
    });
  }
  root.querySelector<HTMLButtonElement>('[data-action="reset"]')?.addEventListener('click', () => onReset?.());

  return {
    show(values) {
      for (const row of rows) {
        const value = values.get(row.control.key);
        if (value === undefined) continue;
        row.range.value = String(value);
        row.number.value = String(value);
        row.range.setAttribute('aria-valuetext', valueText(row.control, value));
        row.error.hidden = true;
        row.number.removeAttribute('aria-invalid');
      }
    },
  };
}
