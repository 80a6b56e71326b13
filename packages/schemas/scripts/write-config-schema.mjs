// Writes gatehouse-config.schema.json from the zod schema (run after `tsc -b`).
import { writeFileSync } from 'node:fs';
import { configFileJsonSchema } from '../dist/src/index.js';

const target = new URL('../gatehouse-config.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(configFileJsonSchema(), null, 2)}\n`);
