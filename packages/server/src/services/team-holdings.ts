import type { TeamHoldings } from '../store/repos/teams.js';

/** `2 APIs (orders, billing), 1 client (svc_1)`: at most five names of each kind. */
export function describeHoldings(holdings: TeamHoldings): string {
  const kinds: [keyof TeamHoldings, string, string][] = [
    ['resourceServers', 'API', 'APIs'],
    ['clients', 'client', 'clients'],
    ['userPools', 'user pool', 'user pools'],
    ['accessKeys', 'access key', 'access keys'],
  ];
  return kinds
    .filter(([key]) => holdings[key].length > 0)
    .map(([key, one, many]) => {
      const names = holdings[key];
      const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
      return `${names.length} ${names.length === 1 ? one : many} (${shown})`;
    })
    .join(', ');
}
