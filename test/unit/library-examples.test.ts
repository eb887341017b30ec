/**
 * The library examples of docs/library.md run as documented (`npx tsx examples/library/<name>.ts`) and print
 * what the text says: the LIF f–I curve equals its closed form, and net.m fires at its published rates.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const run = (file: string, ...args: string[]): unknown[] =>
  execFileSync(tsx, [join('examples', 'library', file), ...args], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);

describe('library examples', () => {
  test('lif-fi.ts: the simulated f–I curve equals the closed form', () => {
    const rows = run('lif-fi.ts') as { current: number; simulatedHz: number; analyticHz: number }[];
    expect(rows).toHaveLength(7);
    // Exact integration with spike times located inside the 0.01 ms step: within 0.1 % (printed to 3 decimals).
    for (const row of rows) expect(Math.abs(row.simulatedHz - row.analyticHz)).toBeLessThanOrEqual(1e-3 * row.analyticHz + 2e-3);
    expect(rows.filter((r) => r.analyticHz > 0).length).toBeGreaterThan(3);
  });

  test('net-m.ts: net.m fires at its published rates (about 7.6 and 7.2 Hz; ±1 Hz for one seed)', () => {
    const [row] = run('net-m.ts', '3') as { seed: number; spikes: number; ratesHz: { exc: number; inh: number } }[];
    expect(row!.seed).toBe(3);
    expect(Math.abs(row!.ratesHz.exc - 7.6)).toBeLessThan(1);
    expect(Math.abs(row!.ratesHz.inh - 7.2)).toBeLessThan(1);
  });
});
