/**
 * A growing record of (time, neuron) spike pairs in typed arrays: a network appends while it runs, and a
 * caller (a worker streaming to a page) reads the pairs added since it last looked.
 */
export class SpikeRecord {
  t: Float64Array;
  i: Int32Array;
  count = 0;

  constructor(capacity = 4096) {
    this.t = new Float64Array(capacity);
    this.i = new Int32Array(capacity);
  }

  push(time: number, neuron: number): void {
    if (this.count === this.t.length) this.grow();
    this.t[this.count] = time;
    this.i[this.count] = neuron;
    this.count++;
  }

  private grow(): void {
    const t = new Float64Array(this.t.length * 2);
    const i = new Int32Array(this.i.length * 2);
    t.set(this.t);
    i.set(this.i);
    this.t = t;
    this.i = i;
  }

  /** Copies of the pairs from index `from` on (the ones added since a reader last took `count`). */
  since(from: number): { t: Float64Array; i: Int32Array } {
    return { t: this.t.slice(from, this.count), i: this.i.slice(from, this.count) };
  }
}
