/**
 * The data half of "Export" (widgets/lib/export.ts): CSV with units in the header, text cells escaped and guarded
 * against spreadsheet formulas while numbers stay numbers, non-finite values left empty (null in JSON), and a
 * CSV that parses back to exactly the numbers it was made from (String(x) round-trips every double).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MEMBRANE_VERSION } from '../../engine/version.ts';
import { getModel } from '../../engine/index.ts';
import { columnsTable, recordsTable } from '../../widgets/lib/export-data.ts';
import { neuronParams, runTables } from '../../widgets/lib/neuron-export-data.ts';
import { parseState, simulateState } from '../../widgets/lib/state.ts';
import { columnHeader, csvCell, fileName, numericLeaves, pageSlug, tablesToCsv, toCsv, toJson, type DataTable } from '../../widgets/lib/export.ts';

const trace: DataTable = {
  name: 'trace',
  columns: [
    { name: 't', unit: 'ms' },
    { name: 'u', unit: 'mV' },
    { name: 'm', unit: '' },
  ],
  rows: [
    [0, -65, 0.05],
    [0.1, -64.99999999999997, 0.05000000000000001],
  ],
};

/** A small RFC 4180 reader for the tests: quoted fields, doubled quotes, CRLF line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe('toCsv', () => {
  test('the header gives each column with its unit; a dimensionless column is its name alone', () => {
    expect(toCsv(trace).split('\r\n')[0]).toBe('t (ms),u (mV),m');
    expect(columnHeader({ name: 'rate', unit: 'Hz' })).toBe('rate (Hz)');
  });

  test('numbers keep full precision and negative numbers are not guarded (they are numbers)', () => {
    expect(toCsv(trace).split('\r\n')[2]).toBe('0.1,-64.99999999999997,0.05000000000000001');
  });

  test('NaN and infinities are empty cells', () => {
    const table: DataTable = { name: 'x', columns: [{ name: 'a', unit: '' }, { name: 'b', unit: '' }, { name: 'c', unit: '' }], rows: [[Number.NaN, Infinity, -Infinity]] };
    expect(toCsv(table)).toBe('a,b,c\r\n,,\r\n');
  });

  test('an empty table is its header', () => {
    expect(toCsv({ name: 'spikes', columns: [{ name: 'spike time', unit: 'ms' }], rows: [] })).toBe('spike time (ms)\r\n');
  });

  test.each([
    // A comma, a quote and a line break need quoting; quotes inside are doubled.
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    // Text a spreadsheet would run as a formula gets an apostrophe in front.
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1', "'+1"],
    ['-cmd', "'-cmd"],
    ['@import', "'@import"],
    ['\tx', "'\tx"],
    // Guarded and quoted together.
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['plain (mV)', 'plain (mV)'],
  ])('text cell %j is written %j', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  test('a column name with a formula, a comma or quotes is escaped in the header', () => {
    const table: DataTable = { name: 'x', columns: [{ name: '=1+1', unit: '' }, { name: 'a,"b"', unit: 'mV' }], rows: [[1, 2]] };
    expect(parseCsv(toCsv(table))[0]).toEqual(["'=1+1", 'a,"b" (mV)']);
  });

  test('round trip: parsing the CSV gives back every finite number exactly (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 3, maxLength: 3 }), { maxLength: 30 }), (rows) => {
        const table: DataTable = { name: 't', columns: trace.columns, rows };
        const parsed = parseCsv(toCsv(table));
        expect(parsed[0]).toEqual(['t (ms)', 'u (mV)', 'm']);
        // -0 is written "0": the same number for every purpose of a data file.
        expect(parsed.slice(1).map((r) => r.map(Number))).toEqual(rows.map((r) => r.map((x) => (Object.is(x, -0) ? 0 : x))));
      }),
    );
  });
});

describe('tablesToCsv', () => {
  test('one table is plain CSV', () => {
    expect(tablesToCsv([trace])).toBe(toCsv(trace));
  });

  test('several tables are sections, each after a # line, separated by a blank line', () => {
    const spikes: DataTable = { name: 'spikes', columns: [{ name: 'spike time', unit: 'ms' }], rows: [[12.5]] };
    const text = tablesToCsv([trace, spikes]);
    expect(text).toBe(`# trace\r\n${toCsv(trace)}\r\n# spikes\r\nspike time (ms)\r\n12.5\r\n`);
  });
});

describe('toJson', () => {
  test('widget, model, parameters with units, version and tables; non-finite values are null', () => {
    const table: DataTable = { ...trace, rows: [...trace.rows, [0.2, Number.NaN, Infinity]] };
    const json = JSON.parse(toJson([table], { widget: 'lif-step', model: 'lif', params: { tauM: { value: 10, unit: 'ms' } } })) as Record<string, unknown>;
    expect(json).toEqual({
      widget: 'lif-step',
      model: 'lif',
      version: MEMBRANE_VERSION,
      params: { tauM: { value: 10, unit: 'ms' } },
      tables: [
        {
          name: 'trace',
          columns: [
            { name: 't', unit: 'ms' },
            { name: 'u', unit: 'mV' },
            { name: 'm', unit: '' },
          ],
          rows: [...trace.rows, [0.2, null, null]],
        },
      ],
    });
  });

  test('the JSON and the CSV hold the same rows', () => {
    const json = JSON.parse(toJson([trace], { widget: 'w', model: 'm', params: {} })) as { tables: { rows: number[][] }[] };
    expect(json.tables[0]!.rows).toEqual(parseCsv(toCsv(trace)).slice(1).map((r) => r.map(Number)));
  });
});

describe('helpers', () => {
  test('columnsTable reads equal-length columns across; recordsTable reads records', () => {
    const table = columnsTable('trace', [
      { name: 't', unit: 'ms', values: new Float64Array([0, 1]) },
      { name: 'u', unit: 'mV', values: [-65, -64] },
    ]);
    expect(table).toEqual({ name: 'trace', columns: [{ name: 't', unit: 'ms' }, { name: 'u', unit: 'mV' }], rows: [[0, -65], [1, -64]] });
    expect(recordsTable('pts', [{ x: 1, y: 2 }], [{ name: 'I', unit: 'nA', read: (p) => p.x }, { name: 'rate', unit: 'Hz', read: (p) => p.y }]).rows).toEqual([[1, 2]]);
  });

  test('file names: <lesson slug>-<widget id>.<ext>', () => {
    expect(pageSlug('/lessons/01-integrate-and-fire/')).toBe('01-integrate-and-fire');
    expect(pageSlug('/')).toBe('membrane');
    expect(fileName('/lessons/12-populations/', 'net-m', 'png')).toBe('12-populations-net-m.png');
  });

  test('numericLeaves lists the numbers of a state with dotted names', () => {
    expect(numericLeaves({ version: 1, params: { tauM: 10 }, stimulus: [{ kind: 'step', amplitude: 2 }], method: 'rk4' })).toEqual([
      ['version', 1],
      ['params.tauM', 10],
      ['stimulus.0.amplitude', 2],
    ]);
  });

  test('a single-neuron widget lists its parameters, stimulus and numerics with the registries\' units', () => {
    const parsed = parseState({ model: 'lif', stimulus: [{ kind: 'step', amplitude: 2, start: 10, end: 90 }], duration: 100, view: { currentMax: 3 } });
    if (!parsed.ok) throw new Error('the test state does not parse');
    const lif = getModel('lif')!;
    const params = neuronParams(lif, parsed.state, [{ name: 'currentMax', symbol: 'I', unit: 'nA', default: 3, min: 0, max: 10, step: 0.1, meaning: '' }]);
    expect(params['tauM']).toEqual({ value: 10, unit: 'ms' });
    expect(params['stimulus.0.amplitude']).toEqual({ value: 2, unit: 'nA' });
    expect(params['duration']).toEqual({ value: 100, unit: 'ms' });
    expect(params['view.currentMax']).toEqual({ value: 3, unit: 'nA' });
  });

  test('runTables gives every sample with t, I and the state variables, and the spike times', () => {
    const parsed = parseState({ model: 'lif', stimulus: [{ kind: 'step', amplitude: 2, start: 10, end: 90 }], duration: 100 });
    if (!parsed.ok) throw new Error('the test state does not parse');
    const result = simulateState(parsed.state);
    const [trace, spikes] = runTables(getModel('lif')!, result);
    expect(trace!.columns).toEqual([{ name: 't', unit: 'ms' }, { name: 'I', unit: 'nA' }, { name: 'u', unit: 'mV' }]);
    expect(trace!.rows.length).toBe(result.t.length);
    expect(spikes!.rows.map((r) => r[0])).toEqual(Array.from(result.spikes));
  });
});
