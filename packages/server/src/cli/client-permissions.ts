import { command } from './command.js';
import { CLIENT_ID_ARG } from './options.js';

const SCOPES_ARG = {
  name: 'SCOPE',
  variadic: true,
  description: 'qualified scopes, <resource-identifier>/<scope>',
} as const;

/**
 * Adding or removing permissions. `name` is the command's word; the previous release's
 * `clients grant` and `clients revoke-grant` are hidden aliases, kept for one more release.
 */
export function clientPermission(kind: 'add' | 'remove', name: string = kind, hidden = false) {
  const adding = kind === 'add';
  const example = hidden ? `clients ${name}` : `clients permissions ${name}`;
  return command({
    name,
    summary: adding ? 'Allow a client more scopes' : 'Take scopes away from a client',
    args: [CLIENT_ID_ARG, SCOPES_ARG],
    fields: { scope: 'SCOPE' },
    hidden,
    examples: [`gatehouse ${example} 2ql6v5v6fkqg4tkhh3a7tq2ylm lj-health-food/list-orders`],
    async run(inv) {
      const scopes = inv.args('SCOPE');
      const client = await inv.withGatehouse((g) =>
        adding
          ? g.clients.addPermissions(inv.arg('ID'), scopes, inv.actor)
          : g.clients.removePermissions(inv.arg('ID'), scopes, inv.actor),
      );
      inv.out.result('client', client, () => {
        inv.out.line(
          `${adding ? 'Added' : 'Removed'} permissions ${scopes.join(' ')} ${adding ? 'to' : 'from'} ${client.clientId}.`,
        );
        inv.out.line(`Scopes now: ${client.scopes.join(' ') || '(none)'}`);
      });
    },
  });
}
