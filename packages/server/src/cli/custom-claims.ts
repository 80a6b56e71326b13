import type { ClaimsView } from '@gatehouse/schemas';
import type { ClaimsEdit } from '../services/custom-claims.js';
import { parseClaimPairs, showClaimValue } from './claim-values.js';
import { command, group, type ArgSpec } from './command.js';
import { UsageError } from './errors.js';
import type { Invocation } from './invocation.js';
import { CLIENT_ID_ARG } from './options.js';

const RS_ARG: ArgSpec = { name: 'ID', description: 'the identifier (or rs_ id) of the resource server' };
const PAIRS_ARG: ArgSpec = {
  name: 'KEY=VALUE',
  variadic: true,
  optional: true,
  description: 'a claim; VALUE is JSON when it parses as JSON (3, true, {"a":1}, ["x"]), else a string',
};
const KEYS_ARG: ArgSpec = { name: 'KEY', variadic: true, description: 'a claim name to remove' };
const VALUE_RULE =
  'VALUE is read as JSON when it parses as JSON (true, 3, "quoted", {"a":1}, ["x"]) and as a string ' +
  'otherwise; use --string KEY=VALUE (or JSON quotes) for a string that looks like JSON. Registered ' +
  'claims (iss, sub, aud, exp, iat, nbf, jti, scope, client_id, cnf, token_use, …) are refused.';

export function showClaims(inv: Invocation, title: string, view: ClaimsView): void {
  inv.out.result('claims', view, () => {
    const entries = Object.entries(view.claims);
    if (entries.length === 0) {
      inv.out.line(`${title}: no static claims`);
      return;
    }
    inv.out.line(`${title}:`);
    inv.out.table(
      ['CLAIM', 'VALUE'],
      entries.map(([key, value]) => [key, showClaimValue(value)]),
    );
  });
}

/** show, set and unset for one kind of owner. */
function claimVerbs(spec: {
  what: string;
  example: string;
  arg: ArgSpec;
  get(inv: Invocation): Promise<ClaimsView>;
  update(inv: Invocation, edit: ClaimsEdit): Promise<ClaimsView>;
}) {
  const title = (inv: Invocation) => `Static claims of ${spec.what} ${inv.arg(spec.arg.name)}`;
  return [
    command({
      name: 'show',
      summary: `Show the static claims of ${spec.what}`,
      description: 'With --json, prints the same document as the admin API.',
      args: [spec.arg],
      examples: [`gatehouse ${spec.example} show`],
      async run(inv) {
        showClaims(inv, title(inv), await spec.get(inv));
      },
    }),
    command({
      name: 'set',
      summary: `Add or change static claims of ${spec.what}; other claims stay`,
      description: VALUE_RULE,
      args: [spec.arg, PAIRS_ARG],
      options: {
        string: {
          type: 'string',
          multiple: true,
          value: 'KEY=VALUE',
          description: 'a claim whose VALUE is taken as a string as it is',
        },
      },
      examples: [
        `gatehouse ${spec.example} set tenant=acme tier=3 beta=true 'regions=["eu","us"]'`,
        `gatehouse ${spec.example} set --string zip=01234`,
      ],
      async run(inv) {
        const set = parseClaimPairs(inv.args('KEY=VALUE'), inv.strings('string'));
        if (Object.keys(set).length === 0) throw new UsageError('give at least one KEY=VALUE');
        showClaims(inv, title(inv), await spec.update(inv, { set, unset: [] }));
      },
    }),
    command({
      name: 'unset',
      summary: `Remove static claims of ${spec.what}`,
      args: [spec.arg, KEYS_ARG],
      examples: [`gatehouse ${spec.example} unset tier beta`],
      async run(inv) {
        showClaims(inv, title(inv), await spec.update(inv, { set: {}, unset: inv.args('KEY') }));
      },
    }),
  ];
}

export const clientClaims = group({
  name: 'claims',
  summary: 'Static claims added to every token the client is issued',
  children: claimVerbs({
    what: 'client',
    example: 'clients claims 2ql6v5v6fkqg4tkhh3a7tq2ylm',
    arg: CLIENT_ID_ARG,
    get: (inv) => inv.withGatehouse((g) => g.claims.forClient(inv.arg('ID'), inv.actor)),
    update: (inv, edit) => inv.withGatehouse((g) => g.claims.updateClient(inv.arg('ID'), edit, inv.actor)),
  }),
});

export const resourceServerClaims = group({
  name: 'claims',
  summary: 'Static claims added to every token issued for the resource server',
  children: claimVerbs({
    what: 'resource server',
    example: 'resource-servers claims orders',
    arg: RS_ARG,
    get: (inv) => inv.withGatehouse((g) => g.claims.forResourceServer(inv.arg('ID'), inv.actor)),
    update: (inv, edit) =>
      inv.withGatehouse((g) => g.claims.updateResourceServer(inv.arg('ID'), edit, inv.actor)),
  }),
});
