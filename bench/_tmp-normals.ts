import { standardNormals } from '../engine/random/rng.ts';
for (let i = 0; i < 5; i++) standardNormals(1, 60001);
const t0 = performance.now(); for (let i = 0; i < 20; i++) standardNormals(1, 60001); console.log(((performance.now() - t0) / 20).toFixed(2), 'ms for 60k normals');
