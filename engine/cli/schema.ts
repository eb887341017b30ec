/** Writes docs/scenario.schema.json from the registries: `npm run schema`. */
import { writeFileSync } from 'node:fs';
import { scenarioSchema } from '../scenario-schema.ts';

const file = new URL('../../docs/scenario.schema.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(scenarioSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${file.pathname}\n`);
