// Who may call what: one row per METHOD + URL pattern the server registers, declared once. The test
// (test/unit/auth-matrix.test.ts) calls every route as every caller kind and fails on a route missing
// from this table, a row without a route, or a caller answered otherwise than declared.
//
// ADDING A ROUTE: add its row here, in the group it belongs to (the login lockout's
// `POST /api/admin/users/:id/unlock` is with ADMIN). A route without a row fails the test.
//
// How a row reads: `allow` — the caller kinds that get past authorisation (any answer but 401/403; on a
// case's own routes not 404 either). Every other signed-in kind must get 403, or what `deny` says (404:
// another department's case, or one an exchange client did not send, is not told to exist). The
// anonymous, an expired session and a disabled user's session get 401 — unless the route is PUBLIC.
// `:params` are filled with real rows (see the test); `body`/`query` make a request that reaches the
// check a route makes late (a case's visibility is looked up in the handler, after the body is parsed).

export const CALLER_KINDS = ['anonymous', 'expired', 'disabled', 'operator', 'supervisor', 'handlerOwn', 'handlerOther', 'admin', 'exchange'] as const;
export type CallerKind = (typeof CALLER_KINDS)[number];
export type SignedIn = Exclude<CallerKind, 'anonymous' | 'expired' | 'disabled'>;

export interface RouteRow {
  method: string;
  url: string;
  /** `public`: anyone, signed in or not; else the signed-in kinds that pass. */
  allow: 'public' | readonly SignedIn[];
  deny?: Partial<Record<SignedIn, 403 | 404>>;
  body?: unknown;
  query?: string;
  /** Registered only when the web app is built (npm run build:web). */
  webBuild?: boolean;
}

const ANY_SIGNED_IN: readonly SignedIn[] = ['operator', 'supervisor', 'handlerOwn', 'handlerOther', 'admin', 'exchange'];
const DESK: readonly SignedIn[] = ['operator', 'supervisor'];
const ADMIN: readonly SignedIn[] = ['admin'];
const ADMIN_OR_SUPERVISOR: readonly SignedIn[] = ['admin', 'supervisor'];
const SUPERVISOR: readonly SignedIn[] = ['supervisor'];
/** A case of the own department's handler: another department's handler and the exchange client get 404. */
const CASE_READERS: readonly SignedIn[] = ['operator', 'supervisor', 'handlerOwn'];
const NOT_TOLD: RouteRow['deny'] = { handlerOther: 404, exchange: 404 };

const rows = (allow: RouteRow['allow'], routes: string[], extra: Partial<RouteRow> = {}): RouteRow[] =>
  routes.map((route) => {
    const [method, url] = route.split(' ') as [string, string];
    return { method, url, allow, ...extra };
  });

const REPORT_RANGE = 'from=2026-11-01&to=2026-11-02';

export const ROUTE_TABLE: RouteRow[] = [
  // Probes, metrics and the API's description: no personal data (the masking test reads them too).
  // /metrics is aggregate counts and gauges only; scrape it on an internal address (README).
  ...rows('public', ['GET /healthz', 'GET /readyz', 'GET /metrics']),
  ...rows('public', ['GET /docs', 'GET /docs/json', 'GET /docs/yaml', 'GET /docs/static/index.html', 'GET /docs/static/swagger-initializer.js', 'GET /docs/static/*']),
  // @fastify/swagger-ui's HEAD of /docs/ (its GET /docs/ redirect is HEAD-only in the route list).
  ...rows('public', ['HEAD /docs/']),
  ...rows('public', ['POST /api/auth/login']),
  // The web app's pages and files (the app itself asks for a session): see STATIC_FILES for /assets/….
  ...rows('public', ['GET /'], {}),
  ...rows('public', ['GET /index.html', 'GET /login', 'GET /desk', 'GET /wall', 'GET /overdue', 'GET /work', 'GET /cases/:number', 'GET /admin', 'GET /admin/:section'], { webBuild: true }),

  ...rows(ANY_SIGNED_IN, ['POST /api/auth/logout', 'GET /api/me', 'GET /api/departments', 'GET /api/product-categories']),

  // The operator's desk: state, wrap-up, call-backs, recordings, messages, lookups, call control.
  ...rows(DESK, ['GET /api/agent/state', 'POST /api/agent/state', 'GET /api/pause-reasons', 'GET /api/agent/wrap-up', 'POST /api/agent/ready']),
  ...rows(DESK, ['GET /api/callbacks', 'POST /api/callbacks', 'DELETE /api/callbacks/:id', 'GET /api/abandoned', 'POST /api/abandoned/:id/callback']),
  ...rows(DESK, ['GET /api/recordings', 'GET /api/voicemails', 'GET /api/voicemails/:id/audio', 'PUT /api/voicemails/:id/transcript']),
  // :id is another operator's call: a supervisor may hear it, the operator may not (nor see the dial-out).
  ...rows(SUPERVISOR, ['GET /api/recordings/:id/audio'], { deny: { operator: 403 } }),
  ...rows(SUPERVISOR, ['GET /api/calls/dial-outs/:id'], { deny: { operator: 404 } }),
  ...rows(DESK, ['GET /api/enterprises'], { query: 'q=x' }),
  ...rows(DESK, ['POST /api/calls/dial', 'GET /api/calls/current', 'POST /api/calls/current/hold', 'POST /api/calls/current/resume']),
  ...rows(DESK, ['POST /api/calls/current/hangup', 'POST /api/calls/current/transfer', 'POST /api/calls/current/consult']),
  ...rows(DESK, ['POST /api/calls/current/consult/conference', 'POST /api/calls/current/consult/complete', 'POST /api/calls/current/consult/cancel']),

  // Accounts, departments and the line's tables: admins change them; supervisors read most.
  ...rows(ADMIN, ['POST /api/admin/users/:id/unlock']),
  ...rows(ADMIN, ['POST /api/departments', 'PATCH /api/departments/:id', 'GET /api/users', 'POST /api/users', 'PATCH /api/users/:id', 'GET /api/admin/audit']),
  ...rows(ADMIN, ['PUT /api/admin/calendar/:year', 'PUT /api/admin/time-limits', 'PUT /api/admin/kpi-thresholds', 'PUT /api/admin/product-categories']),
  ...rows(ADMIN, ['PUT /api/admin/line-settings', 'PUT /api/admin/pause-reasons', 'PUT /api/admin/opening-hours', 'PUT /api/admin/dial-out']),
  ...rows(ADMIN_OR_SUPERVISOR, ['GET /api/admin/calendar', 'GET /api/admin/calendar/:year', 'GET /api/admin/time-limits', 'GET /api/admin/kpi-thresholds']),
  ...rows(ADMIN_OR_SUPERVISOR, ['GET /api/admin/line-settings', 'GET /api/admin/pause-reasons', 'GET /api/admin/opening-hours', 'GET /api/admin/dial-out']),

  // The wallboard and reports (admins see citizens' numbers masked), supervisors' own actions.
  ...rows(ADMIN_OR_SUPERVISOR, ['GET /api/wall/snapshot']),
  ...rows(ADMIN_OR_SUPERVISOR, ['GET /api/reports/queues', 'GET /api/reports/agents'], { query: REPORT_RANGE }),
  ...rows(SUPERVISOR, ['POST /api/wall/agents/:id/spy', 'POST /api/wall/agents/:id/state', 'GET /api/supervision']),
  ...rows(['supervisor', 'handlerOwn', 'handlerOther'], ['GET /api/extension-requests']),

  // Cases. Admins manage accounts, not cases (403); handlers read their department's, exchange clients what they sent.
  ...rows(['operator', 'supervisor', 'exchange'], ['POST /api/cases'], {
    body: { channel: 'transfer', lang: 'zh', transferSource: '12315', transferReference: 'MATRIX-1', kind: 'consultation' },
  }),
  ...rows(['operator', 'supervisor', 'handlerOwn', 'handlerOther', 'exchange'], ['GET /api/cases']),
  ...rows(CASE_READERS, ['GET /api/cases/:number', 'GET /api/cases/:number/history'], { deny: NOT_TOLD }),
  // Handlers act on a case; only the centre edits it.
  ...rows(CASE_READERS, ['POST /api/cases/:number/actions'], { deny: NOT_TOLD, body: { action: 'reply', reply: 'matrix' } }),
  ...rows(DESK, ['PATCH /api/cases/:number'], { deny: NOT_TOLD, body: { subject: 'matrix' } }),
];

/** The web app's built files (/assets/…, served one route per file): public, like the pages. */
export const STATIC_FILES = { method: 'GET', prefix: '/assets/', allow: 'public' } as const;

/** Socket.IO: each namespace the server registers, who may open it, and the client→server events it handles. */
export interface NamespaceRow {
  allow: readonly SignedIn[];
  /** Events a client may send, and who may. None today: the desk and the wall only listen. */
  clientEvents: Record<string, readonly SignedIn[]>;
}

export const NAMESPACE_TABLE: Record<string, NamespaceRow> = {
  // The main namespace carries nothing: refused to everyone.
  '/': { allow: [], clientEvents: {} },
  '/desk': { allow: DESK, clientEvents: {} },
  '/wall': { allow: ADMIN_OR_SUPERVISOR, clientEvents: {} },
};
