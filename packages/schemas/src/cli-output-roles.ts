import { z } from 'zod';
import { clientRolesSchema, roleRefSchema, roleSchema, scopeOriginSchema } from './role.js';

/** What `gatehouse roles … --json` and `gatehouse clients roles … --json` print; strict, as the other CLI answers. */
const roleRef = z.strictObject(roleRefSchema.shape);
const role = z.strictObject({
  ...roleSchema.shape,
  holders: z.array(z.strictObject(roleSchema.shape.holders.element.shape)),
});
const clientRoles = z.strictObject({
  ...clientRolesSchema.shape,
  roles: z.array(roleRef),
  scopes: z.array(z.strictObject({ ...scopeOriginSchema.shape, roles: z.array(roleRef) })),
});

export const roleCliOutputSchemas = {
  role,
  roles: z.array(role),
  roleDeleted: z.strictObject({ deleted: z.string() }),
  clientRoles,
} as const;
