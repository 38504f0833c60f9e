import { liveQuery } from 'dexie';
import { uuidv7At } from '../../shared/ids';
import type { SignUp } from '../../shared/schemas/sign-up.schema';
import { SIGN_UP_SCHEMA_VERSION, signUpTimeProblem } from '../../shared/signup/signup-rules';
import { dayOf } from '../../shared/survey/equality';
import { SIGNUPS_SENT, type InvolveDb, type QueuedSignUp } from './db';
import type { Live } from './live';
import type { SignUpCounts, SignUpInput, SignUpStore } from './signup-store';
import { RecordInvalidError } from './workshop-store';

/** Drops keys whose value is undefined, so optional fields are absent rather than undefined. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export class DexieSignUpStore implements SignUpStore {
  constructor(
    private readonly db: InvolveDb,
    readonly deviceId: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async save(input: SignUpInput): Promise<SignUp> {
    const { signUpSchema } = await import('./record-schemas');
    // Only the day, as for equality monitoring: the sign-up's times (and its id's) cannot be
    // matched to the survey answers the same person saved on this tablet a moment before.
    const day = dayOf(this.now());
    const at = day.toISOString();
    const result = signUpSchema.safeParse(
      compact({
        createdAt: at,
        updatedAt: at,
        deviceId: this.deviceId,
        schemaVersion: SIGN_UP_SCHEMA_VERSION,
        ...input,
        id: input.id ?? uuidv7At(day.getTime()),
      }),
    );
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new RecordInvalidError(issue?.path.join('.') ?? '', issue?.message ?? 'invalid');
    }
    // Consent keeps its date, not its moment.
    const givenOn = dayOf(new Date(result.data.consent.givenAt)).toISOString();
    const signUp: SignUp = {
      ...result.data,
      consent: { ...result.data.consent, givenAt: givenOn },
    };
    // The server refuses a finer time (an id made for a moment): refused here, it never waits
    // in the outbox only to be refused there.
    const finer = signUpTimeProblem(signUp);
    if (finer) throw new RecordInvalidError(finer.field, finer.reason);
    // The queue gets a reference only: the details are in one place, `signups`.
    const reference: QueuedSignUp = {
      recordId: signUp.id,
      kind: 'sign-up',
      schemaVersion: signUp.schemaVersion,
      recordUpdatedAt: signUp.updatedAt,
      queuedAt: at,
    };
    await this.db.transaction('rw', this.db.signups, this.db.queue, async () => {
      await this.db.signups.put(signUp);
      await this.db.queue.add(reference);
    });
    return signUp;
  }

  async prepare(): Promise<void> {
    await import('./record-schemas');
  }

  liveCounts(): Live<SignUpCounts> {
    return liveQuery(async () => {
      const [waiting, sent] = await Promise.all([
        this.db.signups.count(),
        this.db.counters.get(SIGNUPS_SENT),
      ]);
      return { waiting, sent: sent?.value ?? 0 };
    });
  }
}
