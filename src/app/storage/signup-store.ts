import type { SignUp } from '../../shared/schemas/sign-up.schema';
import type { Live } from './live';

/** What the form hands over; the store adds the id (unless given), times and the device. */
export type SignUpInput = Omit<
  SignUp,
  'id' | 'createdAt' | 'updatedAt' | 'deviceId' | 'schemaVersion' | 'deletedAt'
> & {
  /** Made when the form opens, so saving the same sign-up twice stores it once. */
  id?: string | undefined;
};

export interface SignUpCounts {
  /** Sign-ups on this tablet that the server does not have yet (queued, or refused). */
  waiting: number;
  /** Sign-ups the server has acknowledged, and so deleted from this tablet. */
  sent: number;
}

/**
 * Sign-ups on the device. They hold personal and health data, so they live in their own
 * table, never joined to notes or answers, and are deleted once the server acknowledges
 * them; only a count remains. There is deliberately no way to list or read one back:
 * nothing on any screen shows earlier sign-ups. Unsent ones are never deleted on their own.
 */
export interface SignUpStore {
  /**
   * Validates with the shared schema (a `RecordInvalidError` names the field), then stores
   * the sign-up and queues it in one transaction; resolves after commit.
   */
  save(input: SignUpInput): Promise<SignUp>;
  /** Loads what saving needs (the schemas) now, so a tablet that goes offline can still save. */
  prepare?(): Promise<void>;
  liveCounts(): Live<SignUpCounts>;
}
