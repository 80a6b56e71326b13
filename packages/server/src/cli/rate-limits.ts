import type { ClientLimits, PlatformLimits, RateLimit, TeamLimits } from '@gatehouse/schemas';
import { command, group } from './command.js';
import type { Invocation } from './invocation.js';
import { CLIENT_ID_ARG } from './options.js';
import { describeLimit, LIMIT_OPTIONS, mergeLimitFlags, showEffective } from './rate-limit-views.js';

const TEAM_ARG = { name: 'TEAM', description: 'slug or id of the team' } as const;
const JSON_NOTE = 'With --json, prints the same document as the admin API.';

function showClientLimits(inv: Invocation, limits: ClientLimits): void {
  inv.out.result('clientLimits', limits, () => {
    inv.out.line(`Limits of client ${limits.clientId}`);
    inv.out.block([
      ['Own', describeLimit(limits.own)],
      ['Team', limits.team === null ? '(no team)' : describeLimit(limits.team)],
      ['Platform', describeLimit(limits.platform)],
    ]);
    inv.out.line();
    inv.out.line('Effective:');
    showEffective(inv.out, limits.effective);
    const quota = limits.effective.daily === null ? '' : ` of ${limits.effective.daily}`;
    inv.out.line(`Issued today (${limits.usage.day}): ${limits.usage.issued}${quota}`);
  });
}

function showTeamLimits(inv: Invocation, limits: TeamLimits): void {
  inv.out.result('teamLimits', limits, () => {
    inv.out.block([
      ['Team', limits.teamId],
      ['Default', describeLimit(limits.own)],
      ['Platform', describeLimit(limits.platform)],
    ]);
    if (limits.clients.length === 0) return;
    inv.out.line();
    inv.out.table(
      ['CLIENT', 'NAME', 'RATE', 'DAILY', 'ISSUED TODAY'],
      limits.clients.map((c) => [
        c.clientId,
        c.name,
        c.effective.rate === null ? '-' : describeLimit({ rate: c.effective.rate }),
        c.effective.daily === null ? '-' : String(c.effective.daily),
        String(c.usage.issued),
      ]),
    );
  });
}

function showPlatformLimits(inv: Invocation, limits: PlatformLimits): void {
  inv.out.result('platformLimits', limits, () =>
    inv.out.line(`Platform default: ${describeLimit(limits.own)}`),
  );
}

/** The three verbs for one level: show, set (merging the flags over what is set), clear. */
function verbs<V extends { own: RateLimit }>(spec: {
  what: string;
  example: string;
  args: readonly { name: string; description: string }[];
  get(inv: Invocation): Promise<V>;
  put(inv: Invocation, limit: RateLimit): Promise<V>;
  show(inv: Invocation, value: V): void;
}) {
  return [
    command({
      name: 'show',
      summary: `Show ${spec.what}`,
      description: JSON_NOTE,
      args: spec.args,
      examples: [`gatehouse ${spec.example} show`],
      async run(inv) {
        spec.show(inv, await spec.get(inv));
      },
    }),
    command({
      name: 'set',
      summary: `Set ${spec.what}; parts not given keep their value`,
      args: spec.args,
      options: LIMIT_OPTIONS,
      examples: [`gatehouse ${spec.example} set --rate 50/s --burst 100 --daily 100000`],
      async run(inv) {
        const current = await spec.get(inv);
        spec.show(inv, await spec.put(inv, mergeLimitFlags(inv, current.own)));
      },
    }),
    command({
      name: 'clear',
      summary: `Clear ${spec.what}: inherit every part`,
      args: spec.args,
      examples: [`gatehouse ${spec.example} clear`],
      async run(inv) {
        spec.show(inv, await spec.put(inv, {}));
      },
    }),
  ];
}

export const clientLimits = group({
  name: 'limits',
  summary: "A client's rate limit and daily quota (each part inherits from its team, then the platform)",
  children: verbs<ClientLimits>({
    what: "a client's own limits",
    example: 'clients limits 2ql6v5v6fkqg4tkhh3a7tq2ylm',
    args: [CLIENT_ID_ARG],
    get: (inv) => inv.withGatehouse((g) => g.limits.forClient(inv.arg('ID'), inv.actor)),
    put: (inv, limit) => inv.withGatehouse((g) => g.limits.setClient(inv.arg('ID'), limit, inv.actor)),
    show: showClientLimits,
  }),
});

export const teamLimits = group({
  name: 'limits',
  summary: "A team's default rate limit and daily quota for its clients",
  children: verbs<TeamLimits>({
    what: "a team's default limits",
    example: 'teams limits payments',
    args: [TEAM_ARG],
    get: (inv) => inv.withGatehouse((g) => g.limits.forTeam(inv.arg('TEAM'), inv.actor)),
    put: (inv, limit) => inv.withGatehouse((g) => g.limits.setTeam(inv.arg('TEAM'), limit, inv.actor)),
    show: showTeamLimits,
  }),
});

export const platformLimits = group({
  name: 'limits',
  summary: 'The platform default rate limit and daily quota for every client',
  children: verbs<PlatformLimits>({
    what: 'the platform default limits',
    example: 'limits',
    args: [],
    get: (inv) => inv.withGatehouse((g) => g.limits.forPlatform(inv.actor)),
    put: (inv, limit) => inv.withGatehouse((g) => g.limits.setPlatform(limit, inv.actor)),
    show: showPlatformLimits,
  }),
});
