import { Hono } from 'hono';
import {
  jargonListSchema,
  organisationSettingsSchema,
  type JargonList,
  type OrganisationSettings,
} from '../../shared/admin/admin-api';
import { isPlaceholderOrganisationName } from '../../shared/organisation';
import { ApiError } from '../api-error';
import { readSetting, writeSetting } from '../db/organisation-settings.repository';
import { findOrganisation, renameOrganisation } from '../db/organisations.repository';
import { adminAuth } from '../http/admin-auth';
import { limitBody, readJson, requireJson } from '../http/json-body';
import type { AdminEnv, ServerContext } from '../http/server-context';

/** Body limit of the settings routes: 500 jargon words of up to 60 characters, in any script. */
export const SETTINGS_BODY_LIMIT_BYTES = 128 * 1024;

const JARGON = 'jargon';

/** Each word once, whatever its case, keeping the first spelling. */
function distinct(words: readonly string[]): string[] {
  const seen = new Set<string>();
  return words.filter((word) => {
    const key = word.toLocaleLowerCase('en-GB');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Organisation settings, mounted at `/api/v1/admin/settings`: the words the easy-read checker
 * flags as jargon besides its own list, and the organisation's name.
 */
export function settingsRoutes(ctx: ServerContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  routes.use('*', limitBody(SETTINGS_BODY_LIMIT_BYTES));
  routes.use('*', adminAuth(ctx));

  routes.get('/jargon', async (c) => {
    const stored = await readSetting(ctx.db, c.get('admin').organisationId, JARGON);
    // Written by the PUT below after validation.
    const list: JargonList =
      stored === undefined ? { words: [] } : (JSON.parse(stored) as JargonList);
    return c.json(list);
  });

  routes.put('/jargon', requireJson, async (c) => {
    const input = await readJson(c, jargonListSchema);
    const list: JargonList = { words: distinct(input.words) };
    await writeSetting(ctx.db, {
      organisationId: c.get('admin').organisationId,
      name: JARGON,
      value: JSON.stringify(list),
      at: ctx.now().toISOString(),
    });
    return c.json(list);
  });

  const organisationOf = async (id: string): Promise<OrganisationSettings> => {
    const organisation = await findOrganisation(ctx.db, id);
    if (organisation === undefined) throw new ApiError(404, 'not_found', 'No such organisation.');
    return {
      name: organisation.name,
      placeholder: isPlaceholderOrganisationName(organisation.name),
    };
  };

  routes.get('/organisation', async (c) =>
    c.json(await organisationOf(c.get('admin').organisationId)),
  );

  // Tablets enrolled from now on are told the new name, and every tablet on its next pull.
  routes.put('/organisation', requireJson, async (c) => {
    const input = await readJson(c, organisationSettingsSchema);
    const { organisationId } = c.get('admin');
    await renameOrganisation(ctx.db, organisationId, input.name);
    return c.json(await organisationOf(organisationId));
  });

  return routes;
}
