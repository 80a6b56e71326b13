import { ASSERTION_ALGS, type AssertionAlg, SCOPE_TOKEN } from '@gatehouse/jws';
import { z } from 'zod';
import { literalLead, parseRoutePath } from '../routing/path-pattern.js';

const MAX_MS = 24 * 60 * 60 * 1000;

/** Asymmetric JWS algorithms @gatehouse/verify accepts; `none` and HS* are absent on purpose. */
const ALGORITHMS = ASSERTION_ALGS as readonly [AssertionAlg, ...AssertionAlg[]];

function httpUrl(what: string) {
  return z.string().superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be an http(s) URL${what}` });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: `must be an http(s) URL${what}` });
    } else if (url.search || url.hash || value.includes('?') || value.includes('#')) {
      ctx.addIssue({ code: 'custom', message: 'must not have a query or fragment' });
    } else if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'must not carry a user name or password' });
    }
  });
}

const LISTEN_HELP = 'must be a port (8080) or host:port (127.0.0.1:8080, [::]:8080)';

/** The validated form, accepted too so that a validated config validates again unchanged. */
const listenObject = z.strictObject({ host: z.string().min(1), port: z.number().int().min(0).max(65535) });

/** `8080`, `"8080"`, `127.0.0.1:8080`, `[::1]:8080`; a port alone listens on every interface. */
const listenSchema = z
  .union([z.number(), z.string(), listenObject], { error: LISTEN_HELP })
  .transform((raw, ctx) => {
    if (typeof raw === 'object') return raw;
    const text = String(raw).trim();
    const match = /^(?:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):)?(\d{1,5})$/.exec(text);
    const port = match ? Number(match[2]) : NaN;
    if (!match || !(port >= 0 && port <= 65535)) {
      ctx.addIssue({ code: 'custom', message: LISTEN_HELP });
      return z.NEVER;
    }
    const host = match[1] === undefined ? '0.0.0.0' : match[1].replace(/^\[(.*)\]$/, '$1');
    return { host, port };
  });

const scopeSchema = z.string().regex(SCOPE_TOKEN, 'must be a scope name without spaces or quotes');

const audienceSchema = z.union(
  [
    z.string().min(1, 'must not be empty'),
    z.array(z.string().min(1, 'must not be empty')).min(1, 'must name at least one audience'),
  ],
  { error: 'must be a resource server identifier, or a list of them' },
);

const methodSchema = z
  .string()
  .regex(/^[A-Za-z]+$/, 'must be an HTTP method such as GET or POST')
  .transform((m) => m.toUpperCase());

export const routeSchema = z.strictObject({
  /** Plain prefix (`/orders`) or pattern (`/orders/:id`, `/files/*`); see README. */
  path: z.string().superRefine((value, ctx) => {
    const parsed = parseRoutePath(value);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  }),
  /** Allowed methods; all when absent. GET also allows HEAD. */
  methods: z.array(methodSchema).min(1, 'must list at least one method (or leave methods out)').optional(),
  upstream: httpUrl(' such as http://127.0.0.1:3000'),
  /** `bearer` (the default) checks a token; `none` makes the route public. */
  auth: z.enum(['bearer', 'none']).default('bearer'),
  scopes: z.array(scopeSchema).default([]),
  audience: audienceSchema.optional(),
  /**
   * Whose tokens pass: `machine` (the default) a client's own, `user` a person's access token
   * from one of the top-level `userPools`, `any` either. The route's audience applies to both.
   */
  tokens: z.enum(['machine', 'user', 'any']).default('machine'),
  stripPrefix: z.boolean().default(false),
  /**
   * Match the path's letters exactly. Off by default, as in Express: an upstream that routes
   * `/ADMIN` to its `/admin` handler must not see it arrive through another route.
   */
  caseSensitive: z.boolean().default(false),
  /**
   * How the upstream learns who called: `headers` (X-Gatehouse-Client-Id, -Scopes, -Subject,
   * -Issuer) or `signed` (one X-Gatehouse-Jwt-Assertion, a JWT the gateway signs; needs the
   * top-level `signedClaims`).
   */
  forwardClaims: z.enum(['headers', 'signed']).default('headers'),
  /** The `aud` of a signed route's assertions; the route's `upstream` as written by default. */
  claimsAudience: z.string().min(1, 'must not be empty').optional(),
});

/** The gateway's identity and key for routes with `forwardClaims: signed`. */
export const signedClaimsSchema = z.strictObject({
  /** The gateway's own URL, as its upstreams know it: the `iss` of every assertion. */
  issuer: httpUrl(' such as https://gateway.example.com'),
  /**
   * The private key (PKCS#8 PEM, or a private JWK), shared by every instance of the gateway so
   * that their assertions verify with one key set. Relative to the config file's folder.
   */
  keyFile: z.string().min(1, 'must name the private key file'),
  /**
   * Keys published in the key set besides keyFile's, never used to sign: the next key before
   * it signs, the previous one while assertions it signed may still be in use. Public or
   * private, PEM or JWK; only the public half is published.
   */
  publishKeyFiles: z.array(z.string().min(1, 'must name a key file')).optional(),
  /** How long an assertion is valid; never past the token's own `exp`. */
  ttlSeconds: z.number().int().min(5).max(600).default(60),
});

/** A user pool whose people's access tokens routes with `tokens: user | any` accept. */
export const userPoolSchema = z.strictObject({
  /** The pool issuer, `<issuer>/pools/<pool id>`: the `iss` of its tokens. */
  issuer: httpUrl(' such as https://auth.example.com/pools/local_AbC123xyz'),
  /**
   * The app clients whose users' tokens pass (their `client_id`); `null` lets every app
   * client of the pool through, and must be written out.
   */
  clientIds: z.union(
    [z.array(z.string().min(1, 'must not be empty')).min(1, 'must name at least one app client'), z.null()],
    { error: 'must be a list of app client ids, or null for every app client of the pool' },
  ),
});

export const timeoutsSchema = z.strictObject({
  /** The longest the upstream may stay silent: before its answer starts (then 504), or mid-stream (then cut). */
  upstreamMs: z.number().int().min(1).max(MAX_MS).default(30_000),
  /** How long a caller's idle keep-alive connection stays open. */
  idleMs: z.number().int().min(1).max(MAX_MS).default(60_000),
  /** On SIGTERM/SIGINT or close(): how long in-flight requests may take to finish. */
  shutdownMs: z.number().int().min(0).max(MAX_MS).default(10_000),
});

const revocationOptionsSchema = z
  .strictObject({
    pollIntervalSeconds: z.number().min(0.05).max(3600).optional(),
    /** Past this without a fresh list, tokens are refused with 503 (unless failOpen). */
    graceSeconds: z.number().positive().max(86_400).optional(),
    /** Keep accepting tokens on a stale list: revoked tokens and disabled clients may then pass. */
    failOpen: z.boolean().optional(),
  })
  .refine((r) => r.graceSeconds === undefined || r.graceSeconds >= 2 * (r.pollIntervalSeconds ?? 10), {
    message: 'graceSeconds must be at least twice pollIntervalSeconds',
    path: ['graceSeconds'],
  });

const revocationSchema = z.union([z.literal(false), revocationOptionsSchema], {
  error: 'must be false, or a mapping with pollIntervalSeconds, graceSeconds and failOpen',
});

export const gatewayConfigSchema = z
  .strictObject({
    listen: listenSchema,
    issuer: httpUrl(' such as https://auth.example.com'),
    jwksUri: httpUrl('').optional(),
    /** Default audience of protected routes. */
    audience: audienceSchema.optional(),
    /** Pass the caller's Authorization header to the upstream. */
    forwardToken: z.boolean().default(false),
    /** Keep X-Forwarded-* from the caller (behind a trusted load balancer); otherwise replace them. */
    trustForwardedHeaders: z.boolean().default(false),
    timeouts: timeoutsSchema.default({ upstreamMs: 30_000, idleMs: 60_000, shutdownMs: 10_000 }),
    /** Poll the issuer's revocation list (the kill switch); false turns it off. */
    revocation: revocationSchema.optional(),
    clockToleranceSeconds: z.number().int().min(0).max(300).optional(),
    /** A token that passed is trusted again for this long without a signature check (0: never). */
    tokenCacheMs: z.number().int().min(0).max(60_000).default(1_000),
    /** Accepted token signature algorithms; the verifier's default (ES256, RS256, EdDSA) otherwise. */
    algorithms: z.array(z.enum(ALGORITHMS)).min(1, 'must list at least one algorithm').optional(),
    /** The key and identity of routes with `forwardClaims: signed`; published at /.well-known/gatehouse-gateway/jwks.json. */
    signedClaims: signedClaimsSchema.optional(),
    /** Pools whose people may call routes with `tokens: user` or `tokens: any`. */
    userPools: z
      .array(userPoolSchema)
      .min(1, 'must list at least one pool (or leave userPools out)')
      .optional(),
    routes: z.array(routeSchema).min(1, 'must list at least one route'),
  })
  .superRefine((config, ctx) => {
    config.routes.forEach((route, index) => {
      if (route.auth === 'none' && route.scopes.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['routes', index, 'scopes'],
          message: 'a public route (auth: none) cannot require scopes',
        });
      }
      if (route.auth === 'none' && route.tokens !== 'machine') {
        ctx.addIssue({
          code: 'custom',
          path: ['routes', index, 'tokens'],
          message: 'a public route (auth: none) checks no tokens: leave tokens out',
        });
      }
      if (route.auth === 'bearer' && route.tokens !== 'machine' && config.userPools === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['routes', index, 'tokens'],
          message: `tokens: ${route.tokens} needs userPools at the top level: the pool issuers whose people may call`,
        });
      }
      signedClaimsIssues(route, index, config.signedClaims !== undefined, ctx);
      if (route.auth === 'bearer' && route.audience === undefined && config.audience === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['routes', index],
          message: 'needs an audience: set audience on the route or at the top level',
        });
      }
    });
    shadowedRoutes(config.routes, ctx);
  });

/** `forwardClaims: signed` needs claims to sign and a key to sign them with. */
function signedClaimsIssues(
  route: z.output<typeof routeSchema>,
  index: number,
  hasKey: boolean,
  ctx: z.RefinementCtx,
): void {
  const issue = (key: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: ['routes', index, key], message });
  if (route.forwardClaims === 'signed' && route.auth === 'none') {
    issue(
      'forwardClaims',
      'a public route (auth: none) has no verified claims to sign: leave forwardClaims out',
    );
  } else if (route.forwardClaims === 'signed' && !hasKey) {
    issue(
      'forwardClaims',
      "signed needs signedClaims at the top level: the gateway's issuer URL and its private key file (keyFile)",
    );
  }
  if (route.claimsAudience !== undefined && route.forwardClaims !== 'signed') {
    issue('claimsAudience', 'only a route with forwardClaims: signed has assertions to address');
  }
}

/** A route that an earlier plain-prefix route always takes first would never run: say so. */
function shadowedRoutes(routes: readonly z.output<typeof routeSchema>[], ctx: z.RefinementCtx): void {
  const parsed = routes.map((route) => parseRoutePath(route.path));
  parsed.forEach((later, j) => {
    if (typeof later === 'string') return;
    for (let i = 0; i < j; i++) {
      const earlier = parsed[i];
      if (earlier === undefined || typeof earlier === 'string' || earlier.kind !== 'prefix') continue;
      const fold = (text: string) => (routes[i]?.caseSensitive ? text : text.toLowerCase());
      const lead = fold(literalLead(later));
      const prefix = fold(earlier.prefix);
      const covers = prefix === '' || lead === prefix || lead.startsWith(`${prefix}/`);
      const first = routes[i]?.methods;
      const second = routes[j]?.methods;
      const methods = first === undefined || (second !== undefined && second.every((m) => first.includes(m)));
      if (covers && methods) {
        ctx.addIssue({
          code: 'custom',
          path: ['routes', j, 'path'],
          message: `never matched: routes[${i}] (${routes[i]?.path}) comes first and takes every request it would; routes match in order, so list the more specific one first`,
        });
        return;
      }
    }
  });
}

/** A gateway config as written (YAML, JSON or an object): defaults may be left out. */
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
/** A validated gateway config with its defaults filled in. */
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
export type RouteConfig = GatewayConfig['routes'][number];
export type UserPoolConfig = NonNullable<GatewayConfig['userPools']>[number];
export type SignedClaimsConfig = NonNullable<GatewayConfig['signedClaims']>;
