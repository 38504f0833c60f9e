import { describe, expect, it } from 'vitest';
import { DexieSignUpStore } from '../../../src/app/storage/dexie-signup.store';
import type { Live } from '../../../src/app/storage/live';
import { RecordInvalidError } from '../../../src/app/storage/workshop-store';
import { UUID_V7, uuidv7 } from '../../../src/shared/ids';
import { signUpSchema } from '../../../src/shared/schemas/sign-up.schema';
import { CANARY, signUpInput } from '../../fixtures/signup-input';
import { eventInput, freshDevice } from '../workshop-test-kit';

/** The first value a live query gives. */
function current<T>(live: Live<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const sub = live.subscribe({
      next: (value) => {
        resolve(value);
        queueMicrotask(() => sub.unsubscribe());
      },
      error: reject,
    });
  });
}

/** Midnight UTC of the test clocks' day: all the time a sign-up keeps. */
const DAY = '2026-11-21T00:00:00.000Z';

async function invalid(save: Promise<unknown>): Promise<RecordInvalidError> {
  const error: unknown = await save.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RecordInvalidError);
  return error as RecordInvalidError;
}

describe('sign-up store', () => {
  it('stores the sign-up in its own table and queues a reference to it', async () => {
    const clock = new Date('2026-11-21T15:31:00.000Z');
    const { db } = freshDevice();
    const signups = new DexieSignUpStore(db, 'tablet-1', () => clock);
    const saved = await signups.save(signUpInput());

    expect(saved.id).toMatch(UUID_V7);
    expect(saved).toMatchObject({
      createdAt: DAY,
      updatedAt: DAY,
      deviceId: 'tablet-1',
      schemaVersion: 1,
      name: CANARY.name,
    });
    expect(signUpSchema.safeParse(saved).success).toBe(true);
    expect(await db.signups.toArray()).toEqual([saved]);
    const [{ seq, ...reference } = { seq: undefined }, ...more] = await db.queue.toArray();
    expect(seq).toBeTypeOf('number');
    expect(more).toEqual([]);
    expect(reference).toEqual({
      recordId: saved.id,
      kind: 'sign-up',
      schemaVersion: 1,
      recordUpdatedAt: DAY,
      queuedAt: DAY,
    });
  });

  it('keeps only the day of every time, its id and consent too, so it cannot be matched to answers', async () => {
    // Saved seconds after the same person's survey answers on the same tablet.
    const clock = new Date('2026-11-21T15:31:07.250Z');
    const { db } = freshDevice();
    const signups = new DexieSignUpStore(db, 'tablet-1', () => clock);
    const saved = await signups.save(
      signUpInput({ consent: { ...signUpInput().consent, givenAt: clock.toISOString() } }),
    );
    const row = await db.signups.get(saved.id);
    expect(row).toMatchObject({ createdAt: DAY, updatedAt: DAY });
    expect(row?.consent.givenAt).toBe(DAY);
    // A UUIDv7's first 48 bits are the millisecond it was made for.
    expect(parseInt(saved.id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.parse(DAY));
    const [reference] = await db.queue.where('kind').equals('sign-up').toArray();
    expect(reference?.queuedAt).toBe(DAY);
    expect(JSON.stringify([row, reference])).not.toMatch(/T15:31/);
  });

  it('refuses an id made for a moment rather than the day, naming the field', async () => {
    const { db, signups } = freshDevice();
    const error = await invalid(signups.save(signUpInput({ id: uuidv7() })));
    expect(error.field).toBe('id');
    expect(await db.signups.count()).toBe(0);
    expect(await db.queue.count()).toBe(0);
  });

  it('keeps no personal data in the outbox, and no link to an event, notes or answers', async () => {
    const { db, store, surveys, signups } = freshDevice();
    const event = await store.createEvent(eventInput());
    await store.addNote({
      eventId: event.id,
      themeId: 'training',
      questionId: 'ideal',
      text: 'Staff listened',
    });
    await surveys.saveEquality({ answers: { carer: 'yes' } });
    await signups.save(signUpInput({ eventId: event.id }));

    const queue = JSON.stringify(await db.queue.toArray());
    for (const trace of [CANARY.name, CANARY.email, CANARY.phone, 'Polish'])
      expect(queue).not.toContain(trace);
    const [reference] = await db.queue.where('kind').equals('sign-up').toArray();
    expect(reference).not.toHaveProperty('data');
    expect(reference).not.toHaveProperty('eventId');
    expect(await db.queue.where('eventId').equals(event.id).count()).toBe(2);
    // Only `signups` holds the person, and nothing else points at them.
    expect(JSON.stringify(await db.notes.toArray())).not.toContain(CANARY.name);
    expect(JSON.stringify(await db.events.toArray())).not.toContain(CANARY.name);
  });

  it('refuses an invalid sign-up, naming the field, and stores nothing', async () => {
    const { db, signups } = freshDevice();
    const cases: [Parameters<typeof signups.save>[0], string, string][] = [
      [signUpInput({ name: '   ' }), 'name', ''],
      [signUpInput({ email: 'philippa at example' }), 'email', 'is not an email address'],
      [
        signUpInput({ email: undefined, preferredContact: 'email' }),
        'email',
        'is needed to contact by email',
      ],
      [
        signUpInput({ preferredContact: 'text', phone: '020 7946 0000' }),
        'phone',
        'must be a UK mobile number (07…) to get texts',
      ],
      [signUpInput({ postcode: 'not a postcode' }), 'postcode', 'is not a UK postcode'],
      [
        signUpInput({ interpreterLanguage: undefined }),
        'interpreterLanguage',
        'says which language the interpreter speaks',
      ],
      [
        signUpInput({ consent: { ...signUpInput().consent, contact: false as true } }),
        'consent.contact',
        '',
      ],
    ];
    for (const [input, field, message] of cases) {
      const error = await invalid(signups.save(input));
      expect(error.field).toBe(field);
      if (message) expect(error.message).toBe(`${field}: ${message}`);
    }
    expect(await db.signups.count()).toBe(0);
    expect(await db.queue.count()).toBe(0);
  });

  it('trims what was typed and stores optional fields left empty as absent', async () => {
    const { db, signups } = freshDevice();
    const saved = await signups.save(
      signUpInput({ name: '  Philippa  ', address: undefined, supportOther: undefined }),
    );
    expect(saved.name).toBe('Philippa');
    const row = await db.signups.get(saved.id);
    expect(row?.name).toBe('Philippa');
    expect(row).not.toHaveProperty('address');
    expect(row).not.toHaveProperty('supportOther');
  });

  it('stores neither the sign-up nor its reference when queuing it fails', async () => {
    const { db, signups } = freshDevice();
    db.queue.hook('creating', () => {
      throw new Error('disk full');
    });
    await expect(signups.save(signUpInput())).rejects.toThrow('disk full');
    expect(await db.signups.count()).toBe(0);
    expect(await db.queue.count()).toBe(0);
  });

  it('stores a sign-up saved twice with the same id once', async () => {
    const { db, signups } = freshDevice();
    const first = await signups.save(signUpInput());
    await signups.save(signUpInput({ id: first.id }));
    expect(await db.signups.count()).toBe(1);
    expect(await current(signups.liveCounts())).toEqual({ waiting: 1, sent: 0 });
  });

  it('counts sign-ups waiting and sent, and offers no way to read one back', async () => {
    const { signups } = freshDevice();
    expect(await current(signups.liveCounts())).toEqual({ waiting: 0, sent: 0 });
    await signups.save(signUpInput());
    await signups.save(signUpInput({ name: 'Another person' }));
    expect(await current(signups.liveCounts())).toEqual({ waiting: 2, sent: 0 });
    // Nothing on any screen lists earlier sign-ups, so the store cannot either.
    expect(Object.getOwnPropertyNames(DexieSignUpStore.prototype).sort()).toEqual([
      'constructor',
      'liveCounts',
      'prepare',
      'save',
    ]);
  });
});
