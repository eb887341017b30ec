import { getModel, simulate } from '../engine/index.ts';
const m = getModel('izhikevich')!;
for (const sampleEvery of [0.01, 0.1]) for (const record of [undefined, ['v']]) {
const spec: any = { model: m, params: {}, stimulus: [{ kind: 'constant', amplitude: 10 }], duration: 500, sampleEvery, record };
for (let i = 0; i < 40; i++) simulate(spec);
const t0 = performance.now(); for (let i = 0; i < 60; i++) simulate(spec); console.log(sampleEvery, record, ((performance.now() - t0) / 60).toFixed(2), 'ms');
}
