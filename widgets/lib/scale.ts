/**
 * Linear and logarithmic scales for the plots: the part of d3-scale the widgets use (map, invert, nice,
 * ticks, tick labels), with d3-array's tick algorithm. d3-scale's own linear scale brings d3-interpolate's
 * colour parsing and d3-format's locale machinery with it, about 11 kB gzip on every lesson page, to map
 * numbers to pixels. The arithmetic follows d3-scale 4 step for step, and test/unit/scale.test.ts checks
 * the mapping, `nice`, the ticks and the labels against d3-scale itself.
 *
 * The scales are callable and carry d3's method names, so d3-axis draws them as it draws its own.
 */
import { tickIncrement, ticks, tickStep } from 'd3-array';

export interface ScaleLinear {
  (value: number): number;
  domain(): [number, number];
  domain(domain: readonly number[]): this;
  range(): [number, number];
  range(range: readonly number[]): this;
  invert(pixel: number): number;
  /** Extends the domain to round tick values, as d3's `nice(count)`. */
  nice(count?: number): this;
  ticks(count?: number): number[];
  tickFormat(count?: number): (value: number) => string;
  copy(): this;
}

// d3-interpolate's number interpolation and d3-scale's normalisation, so a value maps to the same pixel.
const lerp = (a: number, b: number, t: number): number => a * (1 - t) + b * t;
function normalise(a: number, b: number, x: number): number {
  const span = b - a;
  return span ? (x - a) / span : Number.isNaN(span) ? Number.NaN : 0.5;
}

/** Maps x from [d0, d1] onto [r0, r1] as d3's two-point `bimap` does (it swaps both when d1 < d0). */
function bimap(d0: number, d1: number, r0: number, r1: number, x: number): number {
  return d1 < d0 ? lerp(r1, r0, normalise(d1, d0, x)) : lerp(r0, r1, normalise(d0, d1, x));
}

/**
 * A continuous scale on `transform(x)`: the identity for a linear scale, the logarithm for a logarithmic one.
 * `extend` adds the kind's ticks, labels and `nice`; `copy` builds a fresh scale with them.
 */
function continuous(transform: (x: number) => number, untransform: (x: number) => number, extend: (scale: ScaleLinear) => void): ScaleLinear {
  let domain: [number, number] = [0, 1];
  let range: [number, number] = [0, 1];
  let t0 = 0;
  let t1 = 1;
  const scale = ((value: number) => bimap(t0, t1, range[0], range[1], transform(value))) as ScaleLinear;
  scale.domain = ((d?: readonly number[]) => {
    if (d === undefined) return [domain[0], domain[1]];
    domain = [Number(d[0]), Number(d[d.length - 1])];
    t0 = transform(domain[0]);
    t1 = transform(domain[1]);
    return scale;
  }) as ScaleLinear['domain'];
  scale.range = ((r?: readonly number[]) => {
    if (r === undefined) return [range[0], range[1]];
    range = [Number(r[0]), Number(r[r.length - 1])];
    return scale;
  }) as ScaleLinear['range'];
  scale.invert = (pixel) => untransform(bimap(range[0], range[1], t0, t1, pixel));
  scale.copy = () => continuous(transform, untransform, extend).domain(domain).range(range) as typeof scale;
  extend(scale);
  return scale;
}

/** d3's default tick label for a linear scale: fixed-point at the tick step's precision, thousands grouped, a true minus sign. */
export function formatTick(value: number, decimals: number): string {
  if (Number.isNaN(value)) return 'NaN';
  const negative = value < 0 || 1 / value < 0;
  const digits = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = digits.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  // d3-format drops the sign of a value that rounds to zero.
  const sign = negative && Number(digits) !== 0 ? '\u2212' : '';
  return sign + grouped + (fraction === undefined ? '' : `.${fraction}`);
}

/** Decimal places that show a step exactly, as d3-format's `precisionFixed`. */
function decimalsFor(step: number): number {
  const exponent = Number(Math.abs(step).toExponential().split('e')[1]);
  return Math.max(0, -exponent);
}

const identity = (x: number): number => x;

export function scaleLinear(): ScaleLinear {
  return continuous(identity, identity, linearTicks);
}

function linearTicks(scale: ScaleLinear): void {
  const bounds = (): [number, number] => scale.domain();
  scale.ticks = (count = 10) => {
    const [start, stop] = bounds();
    return ticks(start, stop, count);
  };
  scale.tickFormat = (count = 10) => {
    const [start, stop] = bounds();
    const decimals = decimalsFor(tickStep(start, stop, count));
    return (value) => formatTick(value, decimals);
  };
  scale.nice = (count = 10) => {
    const d = bounds();
    let [i0, i1] = [0, 1];
    let [start, stop] = d;
    if (stop < start) {
      [start, stop] = [stop, start];
      [i0, i1] = [1, 0];
    }
    let previous: number | undefined;
    for (let iteration = 0; iteration < 10; iteration++) {
      const step = tickIncrement(start, stop, count);
      if (step === previous) {
        d[i0] = start;
        d[i1] = stop;
        return scale.domain(d);
      }
      if (step > 0) {
        start = Math.floor(start / step) * step;
        stop = Math.ceil(stop / step) * step;
      } else if (step < 0) {
        start = Math.ceil(start * step) / step;
        stop = Math.floor(stop * step) / step;
      } else break;
      previous = step;
    }
    return scale;
  };
}

// d3's pow10: "1e-3" parses to exactly 0.001, where 10 ** -3 does not.
const pow10 = (x: number): number => (Number.isFinite(x) ? Number(`1e${x}`) : x < 0 ? 0 : x);

/** A base-10 logarithmic scale for positive domains (ticks 1–9 per decade when few decades show). */
export function scaleLog(): ScaleLinear {
  // Mapping in natural logarithms, as d3 does; base 10 only places the ticks.
  return continuous(Math.log, Math.exp, logTicks).domain([1, 10]);
}

function logTicks(scale: ScaleLinear): void {
  scale.ticks = (count = 10) => {
    let [u, v] = scale.domain();
    const reversed = v < u;
    if (reversed) [u, v] = [v, u];
    let i = Math.log10(u);
    let j = Math.log10(v);
    let z: number[] = [];
    if (j - i < count) {
      i = Math.floor(i);
      j = Math.ceil(j);
      for (; i <= j; ++i) {
        for (let k = 1; k < 10; ++k) {
          const t = i < 0 ? k / pow10(-i) : k * pow10(i);
          if (t < u) continue;
          if (t > v) break;
          z.push(t);
        }
      }
      if (z.length * 2 < count) z = ticks(u, v, count);
    } else {
      z = ticks(i, j, Math.min(j - i, count)).map(pow10);
    }
    return reversed ? z.reverse() : z;
  };
  // Labels only the ticks d3 would label (1, 2, 5… as room allows), in plain decimals.
  scale.tickFormat = (count = 10) => {
    const room = Math.max(1, (10 * count) / scale.ticks().length);
    return (value) => {
      let mantissa = value / pow10(Math.round(Math.log10(value)));
      if (mantissa * 10 < 10 - 0.5) mantissa *= 10;
      return mantissa <= room ? String(Number(value.toPrecision(12))) : '';
    };
  };
  scale.nice = () => {
    const [a, b] = scale.domain();
    const down = (x: number) => pow10(Math.floor(Math.log10(x)));
    const up = (x: number) => pow10(Math.ceil(Math.log10(x)));
    return scale.domain(b < a ? [up(a), down(b)] : [down(a), up(b)]);
  };
}
