import type { HookFailMode, TokenHook } from '@gatehouse/schemas';
import { command, group, type ArgSpec } from './command.js';
import type { Invocation } from './invocation.js';

const RS_ARG: ArgSpec = { name: 'ID', description: 'the identifier (or rs_ id) of the resource server' };

function hookBlock(inv: Invocation, hook: TokenHook): void {
  inv.out.block([
    ['URL', hook.url],
    ['Timeout', `${hook.timeoutMs} ms`],
    [
      'On failure',
      hook.failMode === 'closed'
        ? 'refuse the token (fail closed)'
        : 'issue it without hook claims (fail open)',
    ],
    ['Updated', hook.updatedAt],
  ]);
}

function showWithSecret(inv: Invocation, answer: { hook: TokenHook; secret?: string | undefined }): void {
  inv.out.result('tokenHookSecret', answer, () => {
    hookBlock(inv, answer.hook);
    if (answer.secret === undefined) return;
    inv.out.line();
    inv.out.line(`Signing secret (shown once): ${answer.secret}`);
    inv.out.line(
      'The hook checks each call\'s Gatehouse-Signature header with it (HMAC-SHA256 of "<t>.<body>").',
    );
  });
}

const set = command({
  name: 'set',
  summary: "Create or change the resource server's token hook; on creation, prints its signing secret once",
  description:
    'Before signing a token for this resource server, Gatehouse POSTs the client, scopes and resource to the ' +
    'hook URL (https only), signed with the secret, and adds the claims it answers. Flags left out keep ' +
    'their value (on creation: 300 ms, fail closed).',
  args: [RS_ARG],
  options: {
    url: { type: 'string', required: true, value: 'URL', description: 'the https endpoint' },
    'timeout-ms': { type: 'string', value: 'N', description: 'how long to wait for an answer (50 to 2000)' },
    'fail-open': { type: 'boolean', description: 'on failure, issue the token without the hook claims' },
    'fail-closed': { type: 'boolean', description: 'on failure, refuse the token (the default)' },
  },
  fields: { url: '--url', timeoutMs: '--timeout-ms', failMode: '--fail-open' },
  examples: [
    'gatehouse resource-servers hook set orders --url https://claims.orders.internal/token-hook --timeout-ms 250',
  ],
  async run(inv) {
    const timeoutMs = inv.integer('timeout-ms', 'milliseconds');
    const failMode: HookFailMode | undefined = inv.flag('fail-open')
      ? 'open'
      : inv.flag('fail-closed')
        ? 'closed'
        : undefined;
    const input = {
      url: inv.required('url'),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(failMode === undefined ? {} : { failMode }),
    };
    showWithSecret(inv, await inv.withGatehouse((g) => g.tokenHooks.set(inv.arg('ID'), input, inv.actor)));
  },
});

const show = command({
  name: 'show',
  summary: "Show the resource server's token hook (never its secret)",
  args: [RS_ARG],
  examples: ['gatehouse resource-servers hook show orders'],
  async run(inv) {
    const view = await inv.withGatehouse((g) => g.tokenHooks.get(inv.arg('ID'), inv.actor));
    inv.out.result('tokenHook', view, () => {
      if (view.hook === null) inv.out.line(`${inv.arg('ID')} has no token hook`);
      else hookBlock(inv, view.hook);
    });
  },
});

const clear = command({
  name: 'clear',
  summary: 'Remove the token hook: tokens are issued without calling it',
  args: [RS_ARG],
  examples: ['gatehouse resource-servers hook clear orders'],
  async run(inv) {
    const view = await inv.withGatehouse((g) => g.tokenHooks.clear(inv.arg('ID'), inv.actor));
    inv.out.result('tokenHook', view, () => inv.out.line(`${inv.arg('ID')} has no token hook now`));
  },
});

const rotate = command({
  name: 'rotate-secret',
  summary: "Replace the hook's signing secret and print the new one once; the old one stops at once",
  args: [RS_ARG],
  examples: ['gatehouse resource-servers hook rotate-secret orders'],
  async run(inv) {
    showWithSecret(inv, await inv.withGatehouse((g) => g.tokenHooks.rotateSecret(inv.arg('ID'), inv.actor)));
  },
});

export const tokenHook = group({
  name: 'hook',
  summary: 'The token hook: an https endpoint asked for extra claims before each token for this API',
  children: [set, show, clear, rotate],
});
