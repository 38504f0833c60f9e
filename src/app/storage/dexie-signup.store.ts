import { liveQuery } from 'dexie';
import { uuidv7 } from '../../shared/ids';
import type { SignUp } from '../../shared/schemas/sign-up.schema';
import { SIGN_UP_SCHEMA_VERSION } from '../../shared/signup/signup-rules';
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
    const now = this.now();
    const at = now.toISOString();
    const result = signUpSchema.safeParse(
      compact({
        createdAt: at,
        updatedAt: at,
        deviceId: this.deviceId,
        schemaVersion: SIGN_UP_SCHEMA_VERSION,
        ...input,
        id: input.id ?? uuidv7(now.getTime()),
      }),
    );
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new RecordInvalidError(issue?.path.join('.') ?? '', issue?.message ?? 'invalid');
    }
    const signUp = result.data;
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
