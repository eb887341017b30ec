/**
 * The phase-plane widget's pure parts: pointer ↔ data mapping, the readout text of fixed points (complex
 * eigenvalues as a ± bi), the summary sentence (which claims a limit cycle only from ≥ 3 regular spikes),
 * the trajectory cut at each AdEx reset, the planar AdEx reduction, and the build-time config.
 */
import { describe, expect, test } from 'vitest';
import { adex, fitzhughNagumo, fixedPoints, linearise, resolveParams, simulate, type PlaneFixedPoint } from '../../engine/index.ts';
import { analysePlane } from '../../widgets/phase-plane/compute.ts';
import { buildPlaneConfig } from '../../widgets/phase-plane/config.ts';
import { axisDecimals, clientToPlane, planeToClient, roundToAxis, type PlaneFrame } from '../../widgets/phase-plane/coords.ts';
import { planeModel } from '../../widgets/phase-plane/planar.ts';
import {
  fixedPointRow,
  formatEigenvalues,
  formatSignificant,
  periodOf,
  planeSummary,
  trajectorySentence,
  type AxisInfo,
} from '../../widgets/phase-plane/readouts.ts';
import { segmentAtResets, thin, withResetEdges } from '../../widgets/phase-plane/segments.ts';

const frame: PlaneFrame = { box: { left: 56, top: 16, width: 600, height: 400 }, viewWidth: 670, viewHeight: 600, x: [-2.5, 2.5], y: [-1, 2.5] };

describe('pointer → data coordinates', () => {
  // The SVG drawn at its viewBox size: one CSS pixel per unit.
  const rect = { left: 100, top: 50, width: 670, height: 600 };
  test.each([
    // corner of the plot area: (xMin, yMax)
    [100 + 56, 50 + 16, -2.5, 2.5],
    // opposite corner: (xMax, yMin)
    [100 + 656, 50 + 416, 2.5, -1],
    // centre
    [100 + 356, 50 + 216, 0, 0.75],
  ])('client (%d, %d) → (%d, %d)', (cx, cy, x, y) => {
    const p = clientToPlane(cx, cy, rect, frame)!;
    expect(p.x).toBeCloseTo(x, 12);
    expect(p.y).toBeCloseTo(y, 12);
  });

  test('a CSS-scaled SVG (half size on the page) maps through the viewBox', () => {
    const half = { left: 0, top: 0, width: 335, height: 300 };
    const p = clientToPlane(28 + 150, 8 + 100, half, frame)!;
    expect(p.x).toBeCloseTo(-2.5 + (300 / 600) * 5, 12);
    expect(p.y).toBeCloseTo(2.5 - (200 / 400) * 3.5, 12);
  });

  test('outside the plot area (on an axis label) gives nothing', () => {
    expect(clientToPlane(100 + 10, 50 + 100, rect, frame)).toBeUndefined();
    expect(clientToPlane(100 + 300, 50 + 500, rect, frame)).toBeUndefined();
  });

  test('planeToClient is the inverse', () => {
    const rect2 = { left: 13, top: 7, width: 400, height: 358 };
    for (const [x, y] of [[-1, 0], [2.2, -0.7], [0.3, 2.4]] as const) {
      const c = planeToClient(x, y, rect2, frame);
      const back = clientToPlane(c.clientX, c.clientY, rect2, frame)!;
      expect(back.x).toBeCloseTo(x, 10);
      expect(back.y).toBeCloseTo(y, 10);
    }
  });

  test('clicked values are rounded to the axis resolution', () => {
    expect(axisDecimals([-2.5, 2.5])).toBe(2);
    expect(axisDecimals([-70, 50])).toBe(1);
    expect(axisDecimals([-0.05, 0.6])).toBe(3);
    expect(roundToAxis(-1.234567, [-2.5, 2.5])).toBe(-1.235);
  });
});

describe('readout formatting', () => {
  test.each([
    [0.144111, '0.144'],
    [-0.0041912, '−0.00419'],
    [12.345, '12.3'],
    [0, '0'],
    [2.5e-7, '2.50 × 10⁻⁷'],
    [-1234567, '−1.23 × 10⁶'],
  ])('formatSignificant(%d) = %s', (value, text) => expect(formatSignificant(value)).toBe(text));

  test('a complex pair is shown as a ± bi', () => {
    expect(formatEigenvalues([{ re: 0.14411, im: 0.19213 }, { re: 0.14411, im: -0.19213 }])).toBe('0.144 ± 0.192i');
    expect(formatEigenvalues([{ re: -0.02, im: -0.5 }, { re: -0.02, im: 0.5 }])).toBe('−0.0200 ± 0.500i');
  });

  test('a real pair is listed', () => {
    expect(formatEigenvalues([{ re: -1.5, im: 0 }, { re: 0.25, im: 0 }])).toBe('−1.50, 0.250');
  });

  test('a table row of FitzHugh–Nagumo at I = 0.5 carries the engine values', () => {
    const p = resolveParams(fitzhughNagumo.params).values;
    const [point] = fixedPoints(fitzhughNagumo, p, 0.5, { x: { min: -2.5, max: 2.5 }, y: { min: -1, max: 2.5 } });
    const row = fixedPointRow(point!, [{ name: 'v', unit: '', decimals: 2 }, { name: 'w', unit: '', decimals: 2 }]);
    expect(row).toEqual({ x: '−0.80', y: '−0.13', trace: '0.288', determinant: '0.0575', eigenvalues: '0.144 ± 0.192i', type: 'unstable focus', stable: false });
  });
});

function point(type: PlaneFixedPoint['type'], x: number, y: number): PlaneFixedPoint {
  // Only the state and type matter for the summary; the rest is a placeholder linearisation.
  return { ...linearise([-1, 0, 0, -1]), type, state: Float64Array.of(x, y) };
}

describe('summary text', () => {
  const axes: [AxisInfo, AxisInfo] = [{ name: 'v', unit: '', decimals: 2 }, { name: 'w', unit: '', decimals: 2 }];
  const facts = { duration: 200, end: [1, 1] as const, span: [5, 3.5] as const, resets: false };

  test('a limit cycle is named only with ≥ 3 spikes at a regular interval', () => {
    const text = planeSummary([point('unstable-focus', -0.8232, -0.4012)], axes, { ...facts, spikes: [10, 55.6, 101.2] });
    expect(text).toBe('1 fixed point: unstable focus at v = −0.82, w = −0.40; the trajectory settles on a limit cycle of period 45.6 ms.');
  });

  test.each([
    // two spikes are not enough to call anything periodic
    [[10, 50], 'the trajectory spikes twice in 200 ms'],
    // intervals still changing (adaptation): no period claimed
    [[10, 30, 60, 100], 'the trajectory spikes 4 times; the interval between spikes is still changing (last 40.0 ms)'],
    // nothing at all
    [[], 'the trajectory does not settle at a fixed point within 200 ms'],
  ])('spikes %j → "%s"', (spikes, sentence) => {
    expect(trajectorySentence([point('unstable-focus', 0, 0)], { ...facts, spikes })).toBe(sentence);
  });

  test('a run that ends on a stable fixed point settles there', () => {
    const points = [point('stable-focus', 1.0, 1.01)];
    expect(trajectorySentence(points, { ...facts, spikes: [] })).toBe('the trajectory settles at the stable focus');
    expect(trajectorySentence(points, { ...facts, spikes: [12] })).toBe('the trajectory spikes once, then settles at the stable focus');
  });

  test('with a reset, regular firing is called periodic firing, not a limit cycle', () => {
    expect(trajectorySentence([], { ...facts, resets: true, spikes: [20, 80, 140, 200.5] })).toBe('the trajectory fires periodically, 4 spikes with period 60.5 ms');
  });

  test('several fixed points and none', () => {
    const three = [point('stable-node', -1.2, -0.5), point('saddle', -0.3, 0.1), point('unstable-focus', 0.9, 1.2)];
    expect(planeSummary(three, axes, { ...facts, spikes: [] })).toMatch(/^3 fixed points: stable node at v = −1\.20, w = −0\.50; saddle at v = −0\.30, w = 0\.10; unstable focus at v = 0\.90, w = 1\.20; /);
    expect(planeSummary([], [{ name: 'u', unit: 'mV', decimals: 1 }, { name: 'w', unit: 'pA', decimals: 0 }], { ...facts, spikes: [] })).toMatch(/^No fixed point in the window; /);
  });

  test('periodOf uses the last interval once the last two agree within 2 %', () => {
    expect(periodOf([0, 10, 20.1])).toBeCloseTo(10.1, 12);
    expect(periodOf([0, 10, 21])).toBeUndefined();
    expect(periodOf([0, 10])).toBeUndefined();
  });
});

describe('trajectory segmentation at resets', () => {
  const t = [0, 1, 2, 3, 4, 5, 6];
  const u = Float64Array.of(-70, -60, -40, -55, -50, -45, -55);
  const w = Float64Array.of(0, 0, 1, 61, 60, 59, 120);
  const spikes = [2.5, 5.5];

  test('cuts at each spike, ends each piece on the cut-off, and returns the jumps', () => {
    const { segments, jumps } = segmentAtResets(t, u, w, spikes, 0);
    expect(segments.map((s) => Array.from(s.x))).toEqual([[-70, -60, -40, 0], [-55, -50, -45, 0], [-55]]);
    expect(segments.map((s) => Array.from(s.y))).toEqual([[0, 0, 1, 1], [61, 60, 59, 59], [120]]);
    expect(segments.map((s) => s.start)).toEqual([0, 3, 6]);
    expect(jumps).toEqual([
      { t: 2.5, from: [0, 1], to: [-55, 61], index: 3 },
      { t: 5.5, from: [0, 59], to: [-55, 120], index: 6 },
    ]);
  });

  test('without a reset the run is one piece', () => {
    const { segments, jumps } = segmentAtResets(t, u, w, spikes);
    expect(segments).toHaveLength(1);
    expect(segments[0]!.x).toEqual(u);
    expect(jumps).toEqual([]);
  });

  test('on a real AdEx run, every jump goes from the cut-off to the reset line and w rises by b', () => {
    const model = planeModel(adex);
    const run = simulate({ model, stimulus: 65, duration: 300 });
    const p = resolveParams(adex.params).values;
    const { segments, jumps } = segmentAtResets(run.t, run.traces['u']!, run.traces['w']!, run.spikes, p.uPeak);
    expect(jumps.length).toBe(run.spikes.length);
    expect(segments.length).toBe(run.spikes.length + 1);
    for (const jump of jumps) {
      expect(jump.from[0]).toBe(p.uPeak);
      // One sample (0.05 ms) after the reset u has barely moved from u_r, and w has jumped by about b.
      expect(Math.abs(jump.to[0] - p.uReset)).toBeLessThan(1);
      expect(jump.to[1] - jump.from[1]).toBeCloseTo(p.b, -1);
    }
    // Each piece stays left of the cut-off (the reset is applied before anything beyond it is recorded).
    for (const s of segments) expect(Math.max(...s.x)).toBeLessThanOrEqual(p.uPeak);
  });

  test('the voltage against time gets vertical edges at each spike', () => {
    expect(withResetEdges([0, 1, 2], [-60, -50, -55], [1.5], 0, -55)).toEqual({ t: [0, 1, 1.5, 1.5, 2], u: [-60, -50, 0, -55, -55] });
  });

  test('thin keeps the ends and drops points closer than the minimum step', () => {
    const id = (v: number) => v;
    expect(thin([0, 0.1, 0.2, 2, 2.1], [0, 0, 0, 0, 0], id, id, 5, 0.75)).toEqual([[0, 0], [2, 0], [2.1, 0]]);
    expect(thin([0, 0.1, 0.2, 2, 2.1], [0, 0, 0, 0, 0], id, id, 3, 0.75), 'the first three points only').toEqual([[0, 0], [0.2, 0]]);
  });
});

describe('planar AdEx and the config', () => {
  test('the u–w reduction is the full model with w2 = 0', () => {
    const model = planeModel(adex);
    const p = resolveParams(adex.params, { a2: 3, b2: 10 }).values;
    const small = new Float64Array(2);
    const full = new Float64Array(3);
    model.rhs(0, Float64Array.of(-52, 40), small, p, 100);
    adex.rhs(0, Float64Array.of(-52, 40, 0), full, p, 100);
    expect(Array.from(small)).toEqual([full[0], full[1]]);
    expect(model.state.map((s) => s.name)).toEqual(['u', 'w']);
  });

  test('the API example builds; the current slider comes first with the lesson range', () => {
    const config = buildPlaneConfig(
      { model: 'fitzhugh-nagumo', current: 0.5, currentRange: [0, 2], x: [-2.5, 2.5], y: [-1, 2.5], initial: { v: -1, w: 0 }, duration: 200, controls: ['a', 'b', 'tau'] },
      'test',
    );
    expect(config.controls.map((c) => c.key)).toEqual(['stimulus.amplitude', 'a', 'b', 'tau']);
    expect(config.controls[0]!.spec).toMatchObject({ min: 0, max: 2, default: 0.5 });
    expect(config.state.initial).toEqual({ v: -1, w: 0 });
    expect(config.state.view).toEqual({ xMin: -2.5, xMax: 2.5, yMin: -1, yMax: 2.5 });
    expect(config.state.method).toBe('rk4');
  });

  test.each([
    [{ model: 'lif' }, /shows fitzhugh-nagumo, morris-lecar, adex/],
    [{ model: 'fitzhugh-nagumo', x: [1, 0] as [number, number] }, /x must be \[min, max\]/],
    [{ model: 'fitzhugh-nagumo', current: 5, currentRange: [0, 2] as [number, number] }, /outside currentRange/],
    [{ model: 'fitzhugh-nagumo', initial: { u: 0 } }, /initial names "u"/],
  ])('a lesson mistake fails the build: %j', (props, message) => {
    expect(() => buildPlaneConfig(props, 'test')).toThrow(message);
  });

  test('analysePlane at I = 0.5 agrees with the engine called directly', () => {
    const config = buildPlaneConfig({ model: 'fitzhugh-nagumo', initial: { v: -1, w: 0 } }, 'test');
    const data = analysePlane(fitzhughNagumo, config.state, { arrows: [10, 8], cells: 100 });
    const p = resolveParams(fitzhughNagumo.params).values;
    const direct = fixedPoints(fitzhughNagumo, p, 0.5, { x: { min: -2.5, max: 2.5 }, y: { min: -1, max: 2.5 } });
    expect(data.points.map((q) => Array.from(q.state))).toEqual(direct.map((q) => Array.from(q.state)));
    expect(data.start).toEqual([-1, 0]);
    expect(data.nullclines).toHaveLength(2);
    expect(data.field.x).toHaveLength(10);
  });
});
