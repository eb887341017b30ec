import { describe, expect, it } from 'vitest';
import { cursorText, nearestIndex } from '../../widgets/lib/cursor.ts';

describe('reading cursor', () => {
  const t = [0, 0.1, 0.2, 0.3, 0.4];
  it.each([
    [-5, 0],
    [0.04, 0],
    [0.06, 1],
    [0.24, 2],
    [0.31, 3],
    [99, 4],
  ])('time %d ms is nearest sample %d', (time, index) => expect(nearestIndex(t, time)).toBe(index));

  it('reads every series at the sample, with units', () => {
    const text = cursorText({ t, series: [{ name: 'u', unit: 'mV', decimals: 2, values: [-65, -60.5, -55.25, -52, -50] }] }, 2);
    expect(text).toBe('t = 0.20 ms · u = −55.25 mV');
  });
});
