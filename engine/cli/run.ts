/**
 * The scenario runner: `npm run --silent sim -- scenario.json [--trace]` prints the run as JSON:
 * spike times (ms) always, and with --trace the time grid and state traces too.
 */
import { readFileSync } from 'node:fs';
import { parseScenario, runScenario } from '../scenario.ts';

function main(argv: string[]): number {
  const file = argv.find((arg) => !arg.startsWith('--'));
  if (!file) {
    process.stderr.write('usage: npm run --silent sim -- <scenario.json> [--trace]\n');
    return 2;
  }
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    process.stderr.write(`Cannot read ${file} as JSON: ${(error as Error).message}\n`);
    return 2;
  }
  const parsed = parseScenario(input);
  if (!parsed.ok) {
    for (const problem of parsed.problems) process.stderr.write(`${problem.message}\n`);
    return 1;
  }
  const result = runScenario(parsed.scenario);
  const output: Record<string, unknown> = { spikes: Array.from(result.spikes) };
  if (argv.includes('--trace')) {
    output['t'] = Array.from(result.t);
    output['traces'] = Object.fromEntries(Object.entries(result.traces).map(([name, values]) => [name, Array.from(values)]));
    output['input'] = Array.from(result.input);
  }
  if (result.divergence) {
    process.stderr.write(`${result.divergence.message}\n`);
    output['divergence'] = result.divergence;
  }
  process.stdout.write(`${JSON.stringify(output)}\n`);
  return result.divergence ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
