/** Number formatting shared by readouts, axis labels and text summaries. */

/** Fixed decimals, with a real minus sign and no "-0". */
export function formatNumber(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : value < 0 ? '−∞' : '—';
  const text = value.toFixed(decimals);
  const zero = Number(text) === 0;
  return (zero ? text.replace('-', '') : text).replace('-', '−');
}

export function formatQuantity(value: number, decimals: number, unit: string): string {
  return unit ? `${formatNumber(value, decimals)} ${unit}` : formatNumber(value, decimals);
}

/** Decimals that show a slider's step exactly (step 0.05 → 2). */
export function decimalsForStep(step: number): number {
  if (step >= 1) return 0;
  return Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
}

/** Axis label with its unit in brackets, the convention of the course's figures: "u (mV)". */
export function axisLabel(quantity: string, unit: string): string {
  return unit ? `${quantity} (${unit})` : quantity;
}
