import { Hono } from 'hono';
import { enrolRequestSchema } from '../../shared/sync/protocol';
import type { EnrolResponse } from '../../shared/sync/protocol';
import { ApiError } from '../api-error';
import { enrolDevice } from '../enrolment';
import { rateLimitKeyForIp } from '../http/client-ip';
import { readJson, requireJson } from '../http/json-body';
import { enforceRateLimit } from '../http/server-context';
import type { ServerContext } from '../http/server-context';

/** C0 and C1 controls: a device name is shown in lists and must not hide or break text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** `POST /enrol`, mounted at `/api/v1/devices`. */
export function deviceRoutes(ctx: ServerContext): Hono {
  const routes = new Hono();

  routes.post(
    '/enrol',
    async (c, next) => {
      // Before the body is read: guessing codes must stay slow however it is done.
      await enforceRateLimit(
        ctx,
        `enrol:${rateLimitKeyForIp(ctx.clientIp(c))}`,
        ctx.rateLimits.enrol,
      );
      await next();
    },
    requireJson,
    async (c) => {
      const { code, name } = await readJson(c, enrolRequestSchema);
      if (CONTROL_CHARACTERS.test(name)) {
        throw new ApiError(400, 'validation_failed', 'name: must not contain control characters', [
          { field: 'name', message: 'must not contain control characters' },
        ]);
      }
      const enrolment = await enrolDevice(ctx.db, code, name, ctx.now());
      if (enrolment === undefined) {
        throw new ApiError(
          400,
          'invalid_code',
          'This enrolment code is not valid. It may be mistyped, already used or expired; ask an administrator for a new one.',
        );
      }
      const body: EnrolResponse = enrolment;
      return c.json(body, 201);
    },
  );

  return routes;
}
