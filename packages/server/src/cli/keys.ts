import { SIGNING_ALGS, type SigningAlg } from '@gatehouse/schemas';
import { ConflictError } from '../services/errors.js';
import type { KeyInfo } from '../services/keys.js';
import { command, group } from './command.js';
import { type Output, when } from './output.js';

function keyTable(out: Output, keys: readonly KeyInfo[]): void {
  out.table(
    ['KID', 'ALG', 'STATE', 'CREATED', 'ACTIVATED', 'RETIRED', 'PUBLISHED UNTIL'],
    keys.map((k) => [
      k.kid,
      k.alg,
      k.state,
      k.createdAt,
      when(k.activatedAt),
      when(k.retiredAt),
      k.state === 'retired' ? when(k.publishUntil) : '-',
    ]),
  );
}

const list = command({
  name: 'list',
  summary: 'List signing keys: next (published, not signing), active (signing), retired (published)',
  examples: ['gatehouse keys list', 'gatehouse keys list --json'],
  async run(inv) {
    const keys = await inv.withGatehouse((g) => g.keys.list());
    inv.out.result('keys', keys, () => keyTable(inv.out, keys));
  },
});

const rotate = command({
  name: 'rotate',
  summary: 'Rotate signing keys, or pre-publish the next ones',
  description:
    'Without --prepublish: the next key (or a new one) starts signing, and the active key retires;\n' +
    'it stays in the JWKS until every token it signed has expired.\n' +
    'With --prepublish: a new key joins the JWKS without signing, so verifiers cache it before\n' +
    'a later rotate switches to it. Running servers pick up either change within a second.',
  options: {
    alg: {
      type: 'string',
      value: 'ALG',
      description: `which algorithm to rotate: ${SIGNING_ALGS.join(', ')} or all (default all)`,
    },
    prepublish: { type: 'boolean', description: 'publish the next key without signing with it yet' },
  },
  examples: [
    'gatehouse keys rotate --prepublish',
    'gatehouse keys rotate',
    'gatehouse keys rotate --alg ES256',
  ],
  async run(inv) {
    const choice = inv.choice('alg', [...SIGNING_ALGS, 'all'] as const) ?? 'all';
    const algs: SigningAlg[] = choice === 'all' ? [...SIGNING_ALGS] : [choice];
    const prepublish = inv.flag('prepublish');
    const keys = await inv.withGatehouse(async (g) => {
      if (prepublish) {
        // Named all at once, rather than the first the transaction would stop at.
        const pending = (await g.keys.list()).filter((k) => k.state === 'next' && algs.includes(k.alg));
        if (pending.length > 0) {
          throw new ConflictError(
            `a next key is already published for ${pending.map((k) => `${k.alg} (${k.kid})`).join(', ')}; run gatehouse keys rotate to make it active first`,
          );
        }
      }
      return g.keys.rotate(algs, { prepublish, actor: inv.actor });
    });
    inv.out.result('keysRotated', { rotated: algs, prepublish, keys }, () => {
      for (const alg of algs) {
        const mine = keys.filter((k) => k.alg === alg);
        const active = mine.find((k) => k.state === 'active');
        const next = mine.find((k) => k.state === 'next');
        inv.out.line(
          prepublish
            ? `${alg}: published next key ${next?.kid ?? '?'}; ${active?.kid ?? '?'} still signs.`
            : `${alg}: ${active?.kid ?? '?'} now signs; the previous key stays published until its tokens expire.`,
        );
      }
      inv.out.line();
      keyTable(inv.out, keys);
    });
  },
});

export const keys = group({
  name: 'keys',
  summary: 'List and rotate the keys that sign access tokens',
  children: [list, rotate],
  examples: ['gatehouse keys list', 'gatehouse keys rotate --prepublish', 'gatehouse keys rotate'],
});
