import { z } from 'zod';
import { accessKeySchema, createdAccessKeySchema } from './access-key.js';

/** What `gatehouse access-keys … --json` prints; strict, as the other CLI answers. */
const accessKey = z.strictObject(accessKeySchema.shape);

export const accessKeyCliOutputSchemas = {
  accessKey,
  accessKeys: z.array(accessKey),
  accessKeyCreated: z.strictObject(createdAccessKeySchema.shape),
  accessKeyDeleted: z.strictObject({ deleted: z.string() }),
} as const;
