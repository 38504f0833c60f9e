import type { Kysely } from 'kysely';
import { uuidv7 } from '../shared/ids';
import {
  ENROLMENT_CODE_ALPHABET,
  ENROLMENT_CODE_LENGTH,
  formatEnrolmentCode,
  newEnrolmentCode,
  normaliseEnrolmentCode,
  randomToken,
  sha256Hex,
} from './auth/tokens';
import type { Database } from './db/database';
import { insertDevice } from './db/devices.repository';
import {
  claimEnrolmentCode,
  deleteStaleEnrolmentCodes,
  insertEnrolmentCode,
  linkEnrolmentCodeToDevice,
} from './db/enrolment-codes.repository';
import { findOrganisation } from './db/organisations.repository';
import { inTransaction } from './db/transaction';

/** How long an enrolment code works: long enough to set up tablets the day before an event. */
export const ENROLMENT_CODE_TTL_MS = 24 * 60 * 60 * 1000;
/** Unused codes are deleted this long after they expire. */
const STALE_CODE_MS = 7 * 24 * 60 * 60 * 1000;

/** A code as shown to the admin: formatted `ABCDE-FGHJK`, and when it stops working. */
export interface IssuedEnrolmentCode {
  code: string;
  expiresAt: string;
}

/** Makes a one-time enrolment code for the organisation; only its hash is stored. */
export async function issueEnrolmentCode(
  db: Kysely<Database>,
  organisationId: string,
  now: Date,
): Promise<IssuedEnrolmentCode> {
  const code = newEnrolmentCode();
  const expiresAt = new Date(now.getTime() + ENROLMENT_CODE_TTL_MS).toISOString();
  await deleteStaleEnrolmentCodes(db, new Date(now.getTime() - STALE_CODE_MS).toISOString());
  await insertEnrolmentCode(db, {
    codeHash: sha256Hex(code),
    organisationId,
    createdAt: now.toISOString(),
    expiresAt,
  });
  return { code: formatEnrolmentCode(code), expiresAt };
}

/** A newly enrolled device and its token, which is shown this once and never stored. */
export interface Enrolment {
  deviceId: string;
  token: string;
  organisationName: string;
}

const CODE_SHAPE = new RegExp(`^[${ENROLMENT_CODE_ALPHABET}]{${ENROLMENT_CODE_LENGTH}}$`);

/**
 * Exchanges a code for a device token, or answers undefined when the code is unknown, used or
 * expired (the caller should not say which). Claiming the code and creating the device happen
 * in one transaction, so a failure leaves the code usable.
 */
export async function enrolDevice(
  db: Kysely<Database>,
  typedCode: string,
  deviceName: string,
  now: Date,
): Promise<Enrolment | undefined> {
  const code = normaliseEnrolmentCode(typedCode);
  if (!CODE_SHAPE.test(code)) return undefined;
  const codeHash = sha256Hex(code);
  const at = now.toISOString();
  return inTransaction(db, async (trx) => {
    const organisationId = await claimEnrolmentCode(trx, codeHash, at);
    if (organisationId === undefined) return undefined;
    const organisation = await findOrganisation(trx, organisationId);
    if (organisation === undefined) return undefined;
    const token = randomToken();
    const deviceId = uuidv7(now.getTime());
    await insertDevice(trx, {
      id: deviceId,
      organisationId,
      name: deviceName,
      tokenHash: sha256Hex(token),
      createdAt: at,
    });
    await linkEnrolmentCodeToDevice(trx, codeHash, deviceId);
    return { deviceId, token, organisationName: organisation.name };
  });
}
