import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { organisationNameSchema } from '../../shared/admin/admin-api';
import { uuidv7 } from '../../shared/ids';
import { isPlaceholderOrganisationName } from '../../shared/organisation';
import { countChars } from '../../shared/rules';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, hashPassword } from '../auth/passwords';
import { insertAdmin } from '../db/admins.repository';
import type { Database } from '../db/database';
import { pagesOfDevices, revokeDevice } from '../db/devices.repository';
import { migrateToLatest } from '../db/migrate';
import { openDatabase } from '../db/open-database';
import { getDefaultOrganisation, renameOrganisation } from '../db/organisations.repository';
import { issueEnrolmentCode } from '../enrolment';
import type { Env } from '../env';

/** Exit codes: success, a failure worth retrying or reporting, and a usage mistake. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** `--help` text; it documents capturing an enrolment code in a script. */
export const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  create-admin --email <address> [--organisation "<name>"]
      Creates an administrator. The password comes from ADMIN_PASSWORD if set, otherwise
      from the first line of stdin (typed, hidden, when stdin is a terminal). At least
      ${MIN_PASSWORD_LENGTH} characters. --organisation sets your organisation's name (for
      example "Riverside NHS Foundation Trust"): sign-up forms on tablets name it as who
      holds people's details. It can be changed later in the console's Account screen.

  enrolment-code
      Makes a one-time code a tablet enters to enrol; it works for 24 hours. Prints the
      code alone on stdout and its expiry on stderr, so a script can capture it:
          code="$(npm run -s admin -- enrolment-code)"

  list-devices
      Lists enrolled devices: id, name, last seen, revoked.

  revoke-device --id <device id>
      Stops a device's token working at once. Its records already sent are kept.

  --help
      Shows this text.

The database is the one the server uses: DATA_DIR (SQLite) or DATABASE_URL (PostgreSQL).
Migrations run first. Exit status: 0 done, 1 failed, 2 usage mistake.`;

/** Where the CLI reads and writes; the entry point passes the process's streams. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Reads the password when ADMIN_PASSWORD is not set. */
  readPassword: () => Promise<string>;
  /** Parsed environment; a thunk so `--help` works even with a broken environment. */
  env: () => Env;
  now?: () => Date;
}

class UsageError extends Error {}
class CommandError extends Error {}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const EMAIL = /^[^\s@\u0000-\u001f\u007f]+@[^\s@\u0000-\u001f\u007f]+$/;

function normaliseEmail(raw: string | undefined): string {
  const email = raw?.trim().toLowerCase() ?? '';
  if (email === '') throw new UsageError('create-admin needs --email <address>.');
  if (email.length > 254 || !EMAIL.test(email)) {
    throw new UsageError('That does not look like an email address.');
  }
  return email;
}

/** The organisation's name as given, checked by the rules the console uses. */
function checkOrganisationName(raw: string): string {
  const parsed = organisationNameSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problem = parsed.error.issues[0]?.message ?? 'is not valid';
  throw new UsageError(`The organisation's name ${problem}.`);
}

function checkPassword(password: string): string {
  const length = countChars(password);
  if (length < MIN_PASSWORD_LENGTH) {
    throw new UsageError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new UsageError(`The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`);
  }
  return password;
}

type Command = (db: Kysely<Database>, io: CliIo, options: Options) => Promise<void>;
interface Options {
  email?: string | undefined;
  id?: string | undefined;
  organisation?: string | undefined;
}

const COMMANDS: Record<string, Command> = {
  'create-admin': async (db, io, options) => {
    const email = normaliseEmail(options.email);
    const name =
      options.organisation === undefined ? undefined : checkOrganisationName(options.organisation);
    const fromEnv = io.env().adminPassword;
    const password = checkPassword(fromEnv ?? (await io.readPassword()));
    const organisation = await getDefaultOrganisation(db);
    const now = (io.now ?? (() => new Date()))();
    const created = await insertAdmin(db, {
      id: uuidv7(now.getTime()),
      organisationId: organisation.id,
      email,
      passwordHash: await hashPassword(password),
      createdAt: now.toISOString(),
    });
    if (!created)
      throw new CommandError(`An administrator with the email ${email} already exists.`);
    if (name !== undefined) await renameOrganisation(db, organisation.id, name);
    const named = name ?? organisation.name;
    io.stdout.write(`Administrator ${email} created for ${named}.\n`);
    if (isPlaceholderOrganisationName(named))
      io.stderr.write(
        `Your organisation is still called "${named}", the name of this software, so sign-up ` +
          `forms do not name who holds people's details. Set its name in the console's ` +
          `Account screen, or next time with --organisation "<name>".\n`,
      );
  },

  'enrolment-code': async (db, io) => {
    const organisation = await getDefaultOrganisation(db);
    const issued = await issueEnrolmentCode(db, organisation.id, (io.now ?? (() => new Date()))());
    io.stdout.write(`${issued.code}\n`);
    io.stderr.write(`Expires ${issued.expiresAt}. Works once, for one device.\n`);
  },

  'list-devices': async (db, io) => {
    const organisation = await getDefaultOrganisation(db);
    let listed = 0;
    for await (const devices of pagesOfDevices(db, organisation.id)) {
      for (const device of devices) {
        const state = device.revokedAt === null ? 'active' : `revoked ${device.revokedAt}`;
        io.stdout.write(
          `${device.id}\t${device.name}\tlast seen ${device.lastSeenAt ?? 'never'}\t${state}\n`,
        );
      }
      listed += devices.length;
    }
    if (listed === 0) io.stderr.write('No devices are enrolled.\n');
  },

  'revoke-device': async (db, io, options) => {
    const id = options.id?.trim() ?? '';
    if (!/^[\w-]{1,64}$/.test(id)) throw new UsageError('revoke-device needs --id <device id>.');
    const organisation = await getDefaultOrganisation(db);
    const now = (io.now ?? (() => new Date()))();
    const revokedAt = await revokeDevice(db, organisation.id, id, now.toISOString());
    if (revokedAt === undefined) throw new CommandError(`There is no device with id ${id}.`);
    io.stdout.write(`Device ${id} revoked (${revokedAt}).\n`);
  },
};

/**
 * Runs one admin command and answers the exit status. Opens the server's database, brings
 * its schema up to date, runs the command and closes it again.
 */
export async function runAdminCli(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        email: { type: 'string' },
        id: { type: 'string' },
        organisation: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const [name, ...extra] = parsed.positionals;
  if (parsed.values.help === true || name === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined || extra.length > 0) {
    const problem =
      name === undefined ? 'No command given.' : `Unknown command: ${[name, ...extra].join(' ')}`;
    io.stderr.write(`${problem}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }

  let env: Env;
  try {
    env = io.env();
  } catch (err) {
    io.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_FAILURE;
  }
  const database = openDatabase({ dataDir: resolve(env.dataDir), databaseUrl: env.databaseUrl });
  try {
    await migrateToLatest(database.db, database.dialect);
    await command(database.db, io, parsed.values);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`${err.message}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof CommandError) {
      io.stderr.write(`${err.message}\n`);
      return EXIT_FAILURE;
    }
    const cause =
      err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    io.stderr.write(`Failed: ${err instanceof Error ? err.message : String(err)}${cause}\n`);
    return EXIT_FAILURE;
  } finally {
    await database.close();
  }
}
