import type { Kysely } from 'kysely';
import { signUpSchema } from '../../shared/schemas/sign-up.schema';
import type { Database } from '../db/database';
import type { BatchOrigin, RecordToStore, UpsertOutcome } from '../db/records.repository';
import { upsertSignUpBatch } from '../db/sign-ups.repository';
import type { SignUpToStore } from '../db/sign-ups.repository';

/** Whether a record is a sign-up: personal data, stored apart from `records`. */
export function isSignUp(record: RecordToStore): boolean {
  return record.kind === 'sign-up';
}

/**
 * Stores the valid records of a push with sign-ups (personal data) kept apart: they go to
 * `sign_ups`, everything else to `storeOthers` (the `records` upsert), never the other way
 * round. Answers per input record, in input order. Run it inside the push's transaction,
 * and have `storeOthers` write through the same one.
 */
export async function storeSignUpsApart(
  db: Kysely<Database>,
  origin: BatchOrigin,
  records: readonly RecordToStore[],
  storeOthers: (others: RecordToStore[]) => Promise<UpsertOutcome[]>,
): Promise<UpsertOutcome[]> {
  const signUps: SignUpToStore[] = [];
  const signUpAt: number[] = [];
  const others: RecordToStore[] = [];
  const otherAt: number[] = [];
  records.forEach((record, index) => {
    if (isSignUp(record)) {
      // The push validated it already; parsing its JSON again gives the typed value.
      signUps.push({
        signUp: signUpSchema.parse(JSON.parse(record.data)),
        schemaVersion: record.schemaVersion,
        updatedAt: record.updatedAt,
      });
      signUpAt.push(index);
    } else {
      others.push(record);
      otherAt.push(index);
    }
  });

  const outcomes = new Array<UpsertOutcome>(records.length);
  if (others.length > 0) {
    (await storeOthers(others)).forEach((outcome, n) => {
      outcomes[otherAt[n]!] = outcome;
    });
  }
  if (signUps.length > 0) {
    (await upsertSignUpBatch(db, origin, signUps)).forEach((outcome, n) => {
      outcomes[signUpAt[n]!] = outcome;
    });
  }
  return outcomes;
}
