import { command, group } from './command.js';
import { CLIENT_ID_ARG } from './options.js';
import { showClientRoles } from './role-views.js';

const ROLE_ARG = {
  name: 'ROLE',
  description: "the role id (role_…) or its name in the client's team",
} as const;

function change(adding: boolean) {
  return command({
    name: adding ? 'add' : 'remove',
    summary: adding
      ? "Give a client a role of its team: it may request the role's scopes"
      : 'Take a role from a client; running servers refuse its scopes within a second',
    args: [CLIENT_ID_ARG, ROLE_ARG],
    examples: [
      `gatehouse clients roles ${adding ? 'add' : 'remove'} 2ql6v5v6fkqg4tkhh3a7tq2ylm order-reader`,
    ],
    async run(inv) {
      const role = inv.arg('ROLE');
      const view = await inv.withGatehouse((g) =>
        adding
          ? g.clientRoles.add(inv.arg('ID'), role, inv.actor)
          : g.clientRoles.remove(inv.arg('ID'), role, inv.actor),
      );
      inv.out.result('clientRoles', view, () => {
        inv.out.line(`${adding ? 'Gave' : 'Took'} role ${role} ${adding ? 'to' : 'from'} ${view.clientId}.`);
        inv.out.line();
        showClientRoles(inv.out, view);
      });
    },
  });
}

const list = command({
  name: 'list',
  summary: "List a client's roles, and every scope it may request with where it comes from",
  args: [CLIENT_ID_ARG],
  examples: ['gatehouse clients roles list 2ql6v5v6fkqg4tkhh3a7tq2ylm'],
  async run(inv) {
    const view = await inv.withGatehouse((g) => g.clientRoles.list(inv.arg('ID'), inv.actor));
    inv.out.result('clientRoles', view, () => showClientRoles(inv.out, view));
  },
});

export const clientRoles = group({
  name: 'roles',
  summary: 'Give roles to a client, or take them away',
  children: [change(true), change(false), list],
  examples: ['gatehouse clients roles add 2ql6v5v6fkqg4tkhh3a7tq2ylm order-reader'],
});
