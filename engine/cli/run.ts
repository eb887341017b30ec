/**
 * The scenario runner: `npm run --silent sim -- scenario.json` (or `-` to read standard input) prints
 * `{ "spikes": [...], "t": [...], "traces": {...}, "diverged": null | {...} }` on standard output.
 * A scenario that cannot run prints one line on standard error, naming the field, and nothing on
 * standard output, and exits with status 1 (2 for a usage error or unreadable file).
 * A scenario with a "network" field runs a network instead (engine/network/scenario.ts) and prints its spike
 * count, rates, timing and, when asked, its spike trains.
 * The interface is documented in docs/scenario.md.
 */
import { readFileSync } from 'node:fs';
import { isNetworkScenario, parseMeanFieldScenario, parseNetScenario, runMeanFieldScenario, runNetScenario } from '../network/scenario.ts';
import { parseScenario, runnerOutput, runScenario } from '../scenario.ts';

function readInput(file: string): string {
  return readFileSync(file === '-' ? 0 : file, 'utf8');
}

function main(argv: string[]): number {
  const [file, ...rest] = argv;
  if (!file || rest.length > 0) {
    process.stderr.write('usage: npm run --silent sim -- <scenario.json | ->\n');
    return 2;
  }
  let input: unknown;
  try {
    input = JSON.parse(readInput(file));
  } catch (error) {
    process.stderr.write(`cannot read ${file === '-' ? 'standard input' : file} as JSON: ${(error as Error).message.split('\n')[0]}\n`);
    return 2;
  }
  if (isNetworkScenario(input) && (input as { network: unknown }).network === 'izhikevich-mean-field') {
    const meanField = parseMeanFieldScenario(input);
    if (!meanField.ok) {
      process.stderr.write(`invalid scenario: ${meanField.problems.map((p) => `${p.name}: ${p.message}`).join(' | ')}\n`);
      return 1;
    }
    process.stdout.write(`${JSON.stringify(runMeanFieldScenario(meanField.run))}\n`);
    return 0;
  }
  if (isNetworkScenario(input)) {
    const network = parseNetScenario(input);
    if (!network.ok) {
      process.stderr.write(`invalid scenario: ${network.problems.map((p) => `${p.name}: ${p.message}`).join(' | ')}\n`);
      return 1;
    }
    process.stdout.write(`${JSON.stringify(runNetScenario(network.scenario))}\n`);
    return 0;
  }
  const parsed = parseScenario(input);
  if (!parsed.ok) {
    process.stderr.write(`invalid scenario: ${parsed.problems.map((p) => `${p.name}: ${p.message}`).join(' | ')}\n`);
    return 1;
  }
  process.stdout.write(`${JSON.stringify(runnerOutput(runScenario(parsed.scenario)))}\n`);
  return 0;
}

// A reader that stops early (`| head`) closes the pipe; that is not an error of the run.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = main(process.argv.slice(2));
