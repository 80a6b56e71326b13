import { z } from 'zod';
import { configFileSchema } from './config-file.js';

/** Where editors find the schema once the package is installed. */
export const CONFIG_SCHEMA_FILE = '@gatehouse/schemas/gatehouse-config.schema.json';

/**
 * The JSON Schema of `gatehouse.yaml`, generated from the zod schema that validates it, so
 * editors complete and check exactly what `gatehouse plan` accepts. The package ships it as
 * `gatehouse-config.schema.json`; a test keeps the committed file equal to this.
 */
export function configFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configFileSchema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return { ...schema, title: 'Gatehouse configuration (gatehouse.yaml)' };
}
