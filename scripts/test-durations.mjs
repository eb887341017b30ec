// Writes test/durations.json (test file → seconds) from a Vitest JSON report, for test/support/sequencer.ts.
// After a CI run: node scripts/test-durations.mjs [test-results/vitest.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const report = JSON.parse(readFileSync(process.argv[2] ?? 'test-results/vitest.json', 'utf8'));
const durations = Object.fromEntries(
  report.testResults
    .map((file) => [relative(resolve('.'), file.name).replace(/^.*?(test\/)/, '$1'), Math.round((file.endTime - file.startTime) / 100) / 10])
    .sort(([a], [b]) => (a < b ? -1 : 1)),
);
writeFileSync('test/durations.json', JSON.stringify(durations, null, 2) + '\n');
console.log(`test/durations.json: ${Object.keys(durations).length} files`);
