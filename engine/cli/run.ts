/**
 * The scenario runner: `npm run --silent sim -- scenario.json` (or `-` to read standard input) prints
 * `{ "spikes": [...], "t": [...], "traces": {...}, "diverged": null | {...} }` on standard output.
 * A scenario that cannot run prints one line on standard error, naming the field, and nothing on
 * standard output, and exits with status 1 (2 for a usage error or unreadable file).
 * A scenario with a "network" field runs a network instead (engine/network/scenario.ts) and prints its spike
 * count, rates, timing and, when asked, its spike trains.
 * With `--emit brian2` it prints instead a Python script for Brian2 2.5 that runs the same scenario (single
 * neuron or net.m) and prints its spikes as JSON on its last line (engine/export/brian2.ts).
 * The interface is documented in docs/scenario.md.
 */
import { readFileSync } from 'node:fs';
import { isNetworkScenario, parseMeanFieldScenario, parseNetScenario, runMeanFieldScenario, runNetScenario } from '../network/scenario.ts';
import { brian2Script } from '../export/brian2.ts';
import { parseScenario, runnerOutput, runScenario } from '../scenario.ts';

const USAGE = 'usage: npm run --silent sim -- <scenario.json | -> [--emit brian2]\n';
const EMITTERS = ['brian2'] as const;

function readInput(file: string): string {
  return readFileSync(file === '-' ? 0 : file, 'utf8');
}

/** The file argument and the `--emit` target, or undefined for a usage error. */
function parseArgs(argv: readonly string[]): { file: string; emit: 'brian2' | undefined } | undefined {
  const args = [...argv];
  let emit: 'brian2' | undefined;
  const flag = args.indexOf('--emit');
  if (flag >= 0) {
    const target = args[flag + 1];
    if (!(EMITTERS as readonly (string | undefined)[]).includes(target)) return undefined;
    emit = target as 'brian2';
    args.splice(flag, 2);
  }
  return args.length === 1 && args[0] !== '' ? { file: args[0]!, emit } : undefined;
}

function main(argv: string[]): number {
  const parsedArgs = parseArgs(argv);
  if (!parsedArgs) {
    process.stderr.write(USAGE);
    return 2;
  }
  const { file, emit } = parsedArgs;
  let input: unknown;
  try {
    input = JSON.parse(readInput(file));
  } catch (error) {
    process.stderr.write(`cannot read ${file === '-' ? 'standard input' : file} as JSON: ${(error as Error).message.split('\n')[0]}\n`);
    return 2;
  }
  if (isNetworkScenario(input) && (input as { network: unknown }).network === 'izhikevich-mean-field') {
    if (emit) {
      process.stderr.write('invalid scenario: network: the Brian2 export covers single neurons and izhikevich-2003, not izhikevich-mean-field.\n');
      return 1;
    }
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
    process.stdout.write(emit ? brian2Script(network.scenario) : `${JSON.stringify(runNetScenario(network.scenario))}\n`);
    return 0;
  }
  const parsed = parseScenario(input);
  if (!parsed.ok) {
    process.stderr.write(`invalid scenario: ${parsed.problems.map((p) => `${p.name}: ${p.message}`).join(' | ')}\n`);
    return 1;
  }
  process.stdout.write(emit ? brian2Script(parsed.scenario) : `${JSON.stringify(runnerOutput(runScenario(parsed.scenario)))}\n`);
  return 0;
}

// A reader that stops early (`| head`) closes the pipe; that is not an error of the run.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = main(process.argv.slice(2));
