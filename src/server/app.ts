import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import { except } from 'hono/combine';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import type { Kysely } from 'kysely';
import { ApiError, apiError, codeForStatus } from './api-error';
import type { Database, Dialect } from './db/database';
import type { SqliteHandle } from './db/open-database';
import { refuseDeviceTokens } from './http/admin-auth';
import { clientIpResolver } from './http/client-ip';
import type { ClientIpResolver } from './http/client-ip';
import { DEFAULT_BODY_LIMIT_BYTES, limitBody } from './http/json-body';
import { requestLog } from './http/request-log';
import type { ServerContext } from './http/server-context';
import { DatabaseRateLimiter, DEFAULT_RATE_LIMITS, InMemoryRateLimiter } from './rate-limit';
import type { RateLimiter, RateLimits } from './rate-limit';
import { readinessRoutes } from './readiness';
import { accountRoutes, adminsRoutes } from './routes/accounts.routes';
import { adminRoutes } from './routes/admin.routes';
import { eventRoutes } from './routes/events.routes';
import { deviceRoutes } from './routes/devices.routes';
import { healthRoutes } from './routes/health.routes';
import { outcomeRoutes } from './routes/outcomes.routes';
import { reachRoutes } from './routes/reach.routes';
import { schemaRoutes } from './routes/schema.routes';
import { settingsRoutes } from './routes/settings.routes';
import { signUpRoutes } from './routes/sign-ups.routes';
import { surveyRoutes } from './routes/surveys.routes';
import { syncRoutes } from './routes/sync.routes';
import { describeForLog } from './error-for-log';
import { pushReaderHere } from './sync/push-reader';
import type { PushReader } from './sync/push-reader';

/** What the server needs from the outside world; `main.ts` wires the real ones, tests fakes. */
export interface AppDeps {
  /** Folder holding the built PWA (`vite build` output). */
  staticDir: string;
  /** The migrated database (see `db/open-database.ts` and `db/migrate.ts`). */
  db: Kysely<Database>;
  /**
   * The better-sqlite3 handle behind `db` when it is SQLite (`OpenDatabase.sqlite`): lets the
   * push route use statements prepared once. Leave it out on PostgreSQL; without it SQLite
   * works the same, only slower.
   */
  sqlite?: SqliteHandle | undefined;
  /**
   * Which store `db` is (`OpenDatabase.dialect`). On PostgreSQL it lets the push route write a
   * batch as one statement; left out, pushes take the path that works on either store.
   */
  dialect?: Dialect | undefined;
  /** Clock, injectable so time-dependent routes (sessions, codes) are testable. */
  now?: () => Date;
  /** Reported by the health endpoint, so a device can tell which server it talks to. */
  version: string;
  /** Where unexpected errors are reported. Receives no request data. Defaults to stderr. */
  logError?: (line: string) => void;
  /** Where the one-line-per-request log goes. Defaults to stdout. */
  log?: (line: string) => void;
  /**
   * Where push bodies are parsed and validated: `main.ts` gives threads of their own
   * (`startPushThreads`), and closes them. Defaults to the thread that serves requests.
   */
  pushReader?: PushReader;
  /** Counters for limits kept per process. Defaults to a fresh in-memory limiter for this app. */
  rateLimiter?: RateLimiter;
  /** Counters for `shared` limits. Defaults to the database's, which every instance sees. */
  sharedRateLimiter?: RateLimiter;
  /** Limits to apply, each defaulting to {@link DEFAULT_RATE_LIMITS}. */
  rateLimits?: Partial<RateLimits>;
  /** How to find a request's client address. Defaults to the socket peer (no proxy). */
  clientIp?: ClientIpResolver;
  /**
   * True once the process is shutting down (`main.ts` on SIGTERM): `/api/v1/ready` answers 503
   * and every response says `Connection: close`, so a load balancer moves traffic elsewhere
   * while in-flight requests finish. Defaults to never.
   */
  draining?: () => boolean;
}

/** Push sets its own body limit (`PUSH_LIMITS.maxBytes`), the largest of all. */
const PUSH_PATH = '/api/v1/sync/push';

/**
 * Paths whose routes set their own body limit, above {@link DEFAULT_BODY_LIMIT_BYTES}: pushes,
 * survey definitions, outcomes (with their evidence ids) and settings (the jargon list).
 */
const OWN_BODY_LIMIT = [
  PUSH_PATH,
  '/api/v1/admin/surveys',
  '/api/v1/admin/surveys/*',
  '/api/v1/admin/outcomes',
  '/api/v1/admin/outcomes/*',
  '/api/v1/admin/settings',
  '/api/v1/admin/settings/*',
];

/** Hashed build output: the file name changes whenever the content does. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
// Everything else (index.html, sw.js, the manifest, icons) must be revalidated, or a device
// can stay on an old app shell and never see the service-worker update prompt.
const REVALIDATE = 'no-cache';

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** A client-side route (`/events/123`), as opposed to a missing file (`/logo.png`). */
function isSpaRoute(path: string): boolean {
  if (isApiPath(path) || path.startsWith('/assets/')) return false;
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  return !lastSegment.includes('.');
}

/** Runs `middleware` for everything but the API, which must never fall through to files. */
function exceptApi(middleware: MiddlewareHandler): MiddlewareHandler {
  return async (c, next) => (isApiPath(c.req.path) ? next() : middleware(c, next));
}

/**
 * Builds the HTTP application: the JSON API under `/api/v1` and the built PWA for every other
 * path. Holds no module-level state, so tests can create as many apps as they like.
 */
export function createApp(deps: AppDeps): Hono {
  const logError = deps.logError ?? ((line: string) => console.error(line));
  const log = deps.log ?? ((line: string) => console.log(line));
  const ctx: ServerContext = {
    db: deps.db,
    sqlite: deps.sqlite,
    upsertPath: deps.sqlite ?? (deps.dialect === 'postgres' ? 'postgres' : undefined),
    now: deps.now ?? (() => new Date()),
    pushReader: deps.pushReader ?? pushReaderHere(),
    rateLimiter: deps.rateLimiter ?? new InMemoryRateLimiter(),
    sharedRateLimiter: deps.sharedRateLimiter ?? new DatabaseRateLimiter(deps.db),
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...deps.rateLimits },
    clientIp: deps.clientIp ?? clientIpResolver(0),
  };
  const app = new Hono();

  app.use(requestLog(log));

  const draining = deps.draining;
  if (draining !== undefined) {
    // A kept-alive connection would otherwise carry the client's next request to a server
    // that is about to go; closing it sends the client to another instance.
    app.use(async (c, next) => {
      await next();
      if (draining()) c.header('Connection', 'close');
    });
  }

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // The app's own stylesheets only: no screen sets a style attribute or adds a <style>,
        // so injected markup can neither run nor restyle the page to read it out.
        styleSrc: ["'self'"],
        // blob: for object URLs (exports, previews); data: for small inlined images.
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
      xFrameOptions: 'DENY',
      // Camera only for scanning the enrolment QR code; grant others when a feature needs them.
      permissionsPolicy: {
        camera: ['self'],
        microphone: false,
        geolocation: false,
        payment: false,
        usb: false,
      },
    }),
  );

  // API answers carry organisation data: no shared or browser cache may keep them.
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.use('/api/*', except(OWN_BODY_LIMIT, limitBody(DEFAULT_BODY_LIMIT_BYTES)));
  // Every admin route, sign-in included: a device token is for push and pull only.
  app.use('/api/v1/admin/*', refuseDeviceTokens);

  app.route('/api/v1/health', healthRoutes({ db: deps.db, version: deps.version }));
  app.route('/api/v1/ready', readinessRoutes({ db: deps.db, draining: deps.draining }));
  app.route('/api/v1/sync', syncRoutes(ctx));
  app.route('/api/v1/devices', deviceRoutes(ctx));
  app.route('/api/v1/admin/sign-ups', signUpRoutes(ctx));
  // Each group behind the admin session on its own base path, so that its session check
  // never covers /login.
  app.route('/api/v1/admin/account', accountRoutes(ctx));
  app.route('/api/v1/admin/admins', adminsRoutes(ctx));
  app.route('/api/v1/admin/events', eventRoutes(ctx));
  app.route('/api/v1/admin/surveys', surveyRoutes(ctx));
  app.route('/api/v1/admin/outcomes', outcomeRoutes(ctx));
  app.route('/api/v1/admin/reach', reachRoutes(ctx));
  app.route('/api/v1/admin/settings', settingsRoutes(ctx));
  app.route('/api/v1/admin', adminRoutes(ctx));
  app.route('/api/v1/schema', schemaRoutes());

  app.use(
    exceptApi(async (c, next) => {
      await next();
      if (!c.res.ok) return;
      c.header('Cache-Control', c.req.path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
    }),
  );
  app.use(exceptApi(serveStatic({ root: deps.staticDir })));

  const serveIndex = serveStatic({ root: deps.staticDir, path: 'index.html' });
  app.use(async (c, next) => (isSpaRoute(c.req.path) ? serveIndex(c, next) : next()));

  app.notFound((c) =>
    apiError(c, 404, 'not_found', `No resource at ${c.req.method} ${c.req.path}`),
  );

  app.onError((err, c) => {
    if (err instanceof ApiError) {
      for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
      return apiError(c, err.status, err.code, err.message, err.details);
    }
    if (err instanceof HTTPException && err.status < 500) {
      const code = codeForStatus(err.status);
      return apiError(c, err.status, code, err.message || `Request failed: ${code}`);
    }
    logError(`Unhandled error in ${c.req.method} ${routePath(c)}: ${describeForLog(err)}`);
    return apiError(c, 500, 'internal_error', 'Something went wrong on the server.');
  });

  return app;
}
