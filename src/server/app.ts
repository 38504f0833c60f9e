import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { apiError, codeForStatus } from './api-error';

/** What the server needs from the outside world; `main.ts` wires the real ones, tests fakes. */
export interface AppDeps {
  /** Folder holding the built PWA (`vite build` output). */
  staticDir: string;
  /** Clock, injectable so time-dependent routes are testable. */
  now?: () => Date;
  /** Reported by the health endpoint, so a device can tell which server it talks to. */
  version: string;
  /** Where unexpected errors are reported. Receives no request data. Defaults to stderr. */
  logError?: (line: string) => void;
}

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
 * The error's stack without its message line: messages can quote request data, which must
 * never reach the logs.
 */
function describeForLog(err: Error): string {
  const header = `${err.name}: ${err.message}`;
  const stack = err.stack ?? '';
  const frames = stack.startsWith(header) ? stack.slice(header.length) : '';
  return `${err.name}${frames}`;
}

/**
 * Builds the HTTP application: the JSON API under `/api/v1` and the built PWA for every other
 * path. Holds no module-level state, so tests can create as many apps as they like.
 */
export function createApp(deps: AppDeps): Hono {
  const logError = deps.logError ?? ((line: string) => console.error(line));
  const app = new Hono();

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Svelte writes style attributes from templates and transitions; scripts stay locked.
        styleSrc: ["'self'", "'unsafe-inline'"],
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

  app.get('/api/v1/health', (c) => c.json({ status: 'ok', version: deps.version }));

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
    if (err instanceof HTTPException && err.status < 500) {
      const code = codeForStatus(err.status);
      return apiError(c, err.status, code, err.message || `Request failed: ${code}`);
    }
    logError(`Unhandled error in ${c.req.method} ${routePath(c)}: ${describeForLog(err)}`);
    return apiError(c, 500, 'internal_error', 'Something went wrong on the server.');
  });

  return app;
}
