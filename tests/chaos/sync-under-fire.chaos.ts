import { expect, test, type Page } from '@playwright/test';
import { NOTE_SCHEMA_VERSION } from '../../src/shared/rules';
import { uuidv7 } from '../../src/shared/ids';
import { PUSH_LIMITS } from '../../src/shared/sync/protocol';
import { SyncPage } from '../e2e/pages/sync.page';
import { WorkshopPage } from '../e2e/pages/workshop.page';
import {
  adminApi,
  enrolmentCode,
  notesOnTablet,
  nudge,
  outboxCount,
  startServerBehindProxy,
  type StoredNote,
} from './chaos-kit';
import { FAULT_KINDS } from './chaos-proxy';

/** Notes in the run; the CI size keeps the whole chaos suite near three minutes on 2 cores. */
const RECORDS = Number(process.env.CHAOS_RECORDS ?? 10_000);
/** Share of sync requests that meet a fault. */
const FAULT_RATE = Number(process.env.CHAOS_FAULT_RATE ?? 0.3);
/** Typed in the capture screen before the bulk, and again after the first page is reopened. */
const TYPED_BEFORE = 8;
const TYPED_DURING = 4;
/** Typed notes then edited in the UI, and the share of bulk notes saved twice. */
const EDITED_TYPED = 2;
const EDITED_SHARE = 0.05;
/**
 * How far behind its first version a bulk note's second one is queued: more than the largest
 * push (PUSH_LIMITS.maxRecords), so the two travel in different pushes, often both on the
 * wire at once.
 */
const EDIT_LAG = PUSH_LIMITS.maxRecords + 100;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

test.setTimeout(240_000 + RECORDS * 40);

test(`${RECORDS} notes reach the server exactly once, at their newest version, through a faulty network, server crashes and a closed page`, async ({
  browser,
}) => {
  const started = performance.now();
  const { server, proxy } = await startServerBehindProxy(FAULT_RATE);
  const context = await browser.newContext({
    baseURL: proxy.url,
    viewport: { width: 1180, height: 820 },
  });
  let page: Page = await context.newPage();
  let serverKills = 0;
  let pageCloses = 0;
  try {
    await new SyncPage(page).enrol(enrolmentCode(), 'Chaos tablet');
    await page.goto('/#/');
    let workshop = new WorkshopPage(page);
    await workshop.createEvent('Chaos workshop', 'Ward 9');
    const eventId = /#\/events\/([0-9a-f-]{36})/.exec(page.url())![1]!;

    // As a facilitator would: typed in the capture screen, a few corrected afterwards.
    const typed: string[] = [];
    for (let i = 1; i <= TYPED_BEFORE; i++) {
      const text = `Said in the room, note ${i}`;
      await workshop.addNote(text);
      typed.push(text);
    }
    for (let i = 1; i <= EDITED_TYPED; i++) {
      const before = `Said in the room, note ${i}`;
      const after = `${before}, corrected`;
      await workshop.notesList
        .getByRole('button', { name: `Edit: ${before}`, exact: true })
        .click();
      // One note is in edit mode at a time; its text is now the box's value.
      await workshop.notesList.getByLabel('Edit note').fill(after);
      await workshop.notesList.getByRole('button', { name: 'Save changes' }).click();
      await workshop.notesList.getByText(after, { exact: true }).waitFor();
      typed[i - 1] = after;
    }

    // For volume, the rest go straight into IndexedDB as the app saves them (the note and its
    // outbox entry, one transaction); some saved twice, the second version queued later.
    const [sample] = await notesOnTablet(page);
    const bulk = RECORDS - TYPED_BEFORE - TYPED_DURING;
    const queued = bulkNotes(sample!, bulk);
    const expected = new Map(queued.map((n) => [n.id, n]));
    await queueNotes(page, queued);

    await nudge(page);

    // Server kills and page closes, taking turns, each set off by the proxy the moment a push
    // reaches the server (so mid-batch), spread over the pushes the outbox needs. Each makes
    // the tablet send its batch again, so pushes never run out before the plan does.
    const kills = Math.max(2, Math.round(RECORDS / 5000));
    const closes = Math.max(2, Math.round(RECORDS / 7000));
    const plan: ('kill' | 'close')[] = [];
    for (let i = 0; i < Math.max(kills, closes); i++) {
      if (i < kills) plan.push('kill');
      if (i < closes) plan.push('close');
    }
    const batches = Math.ceil(queued.length / PUSH_LIMITS.maxRecords);
    const gap = Math.max(1, Math.floor(batches / (plan.length + 1)));

    const killAndRestart = async () => {
      await server.kill();
      serverKills += 1;
      // The tablet meets the dead server for a moment before it comes back.
      await sleep(300 + Math.random() * 700);
      await server.restart();
    };
    const closeAndReopen = async () => {
      // The network stalls while the page is away, so the new page does not find the work
      // done before it is even open; what it sends waits, then goes.
      proxy.hold();
      try {
        await page.close();
        pageCloses += 1;
        page = await context.newPage();
        workshop = new WorkshopPage(page);
        if (pageCloses === 1) {
          // Capture goes on while the reopened page sends what the closed one left.
          await page.goto(`/#/events/${eventId}`);
          for (let i = 1; i <= TYPED_DURING; i++) {
            const text = `Said after the page was reopened, note ${i}`;
            await workshop.addNote(text);
            typed.push(text);
          }
        }
        await page.goto('/#/sync');
        await page.getByRole('heading', { name: 'Sending to the server' }).waitFor();
      } finally {
        proxy.release();
      }
    };
    let pushes = 0;
    let nextAt = gap;
    let running: Promise<void> | undefined;
    proxy.onPushAtServer = () => {
      pushes += 1;
      if (running || plan.length === 0 || pushes < nextAt) return;
      const what = plan.shift()!;
      running = (what === 'kill' ? killAndRestart() : closeAndReopen()).finally(() => {
        running = undefined;
        nextAt = pushes + gap;
      });
    };

    let idlePolls = 0;
    for (;;) {
      // A kill or a close under way: let it finish (its failure fails the test).
      if (running) await running;
      await sleep(250);
      // Nothing on the wire for a while: the engine is in its backoff. Ask again.
      idlePolls = proxy.busy === 0 && !running ? idlePolls + 1 : 0;
      if (idlePolls < 4) continue;
      idlePolls = 0;
      // A close may start between the check above and this read; then read again later.
      const waiting = await outboxCount(page).catch((error: unknown) => {
        if (running) return undefined;
        throw error;
      });
      if (waiting === undefined) continue;
      if (process.env.CHAOS_DEBUG)
        console.log(`waiting ${waiting}, plan ${plan.join(' ')}, ${JSON.stringify(proxy.faults)}`);
      if (waiting === 0) break;
      await nudge(page);
    }
    proxy.onPushAtServer = undefined;
    // Every kill and close happened while there was still something to send.
    expect(plan, 'kills and closes left when the outbox emptied').toEqual([]);

    // The outbox emptied under fire. Faults off, so the pull that ends a pass can finish and
    // the panel settle; then it must say everything is sent.
    proxy.faulty = false;
    await page.goto('/#/sync');
    await page.getByRole('heading', { name: 'Sending to the server' }).waitFor();
    // Look first, then nudge: a nudge starts a pass, and the panel says "Sending…" until it
    // ends, so looking straight after one would only ever catch a pass under way.
    await expect
      .poll(
        async () => {
          const sent = await page
            .getByRole('status')
            .filter({ hasText: 'Everything is sent.' })
            .count();
          if (sent === 0) await nudge(page);
          return sent;
        },
        { timeout: 60_000, intervals: [1000] },
      )
      .toBe(1);
    expect(await outboxCount(page)).toBe(0);
    const row = page.getByRole('row', { name: /Chaos workshop/ });
    await expect(row.getByRole('cell')).toHaveText([String(RECORDS), String(RECORDS), '0', '0']);

    // What the server stored, against what was created.
    const { admin, dispose } = await adminApi(server);
    const stored = await admin.records('workshop-note', eventId);
    const events = await admin.records('event', eventId);
    await dispose();
    const copies = new Map<string, number>();
    for (const r of stored) copies.set(r.id, (copies.get(r.id) ?? 0) + 1);
    const byId = new Map(stored.map((r) => [r.id, r.data as StoredNote]));
    const storedTexts = stored.map((r) => (r.data as StoredNote).text);
    let lost = 0;
    let stale = 0;
    for (const [id, note] of expected) {
      const got = byId.get(id);
      if (!got) lost += 1;
      else if (got.updatedAt !== note.updatedAt || got.text !== note.text) stale += 1;
    }
    for (const text of typed) if (!storedTexts.includes(text)) lost += 1;
    const duplicated =
      stored.length -
      copies.size +
      typed.filter((t) => storedTexts.indexOf(t) !== storedTexts.lastIndexOf(t)).length;
    // The tablet's newest version of every note is the server's.
    const onTablet = await notesOnTablet(page);
    const differs = onTablet.filter(
      (n) => byId.get(n.id)?.updatedAt !== n.updatedAt || byId.get(n.id)?.text !== n.text,
    );

    const seconds = Math.round((performance.now() - started) / 1000);
    const faultList = FAULT_KINDS.map((k) => `${k} ${proxy.faults[k]}`).join(', ');
    console.log(
      `chaos: ${RECORDS.toLocaleString('en')} records, ${lost} lost, ${duplicated} duplicated, ${stale} stale; ` +
        `faults injected: ${faultList} (of ${proxy.counts.sync} sync requests; ${proxy.counts.serverDown} met a dead server); ` +
        `${serverKills} server kills (SIGKILL), ${pageCloses} page closes; ${seconds} s; seed ${proxy.seed}`,
    );

    expect({ lost, duplicated, stale }).toEqual({ lost: 0, duplicated: 0, stale: 0 });
    expect(stored).toHaveLength(RECORDS);
    expect(onTablet).toHaveLength(RECORDS);
    expect(differs).toEqual([]);
    expect(events).toHaveLength(1);
    // The run was under fire: faults of every kind, kills and closes all happened.
    for (const kind of FAULT_KINDS) expect(proxy.faults[kind], kind).toBeGreaterThan(0);
    expect(serverKills).toBe(kills);
    expect(pageCloses).toBe(closes);
    expect(proxy.counts.serverDown).toBeGreaterThan(0);
  } finally {
    await context.close();
    await proxy.close();
    await server.stop();
  }
});

/** Notes like `sample` (same tablet, event and theme); some with a second, later version. */
function bulkNotes(sample: StoredNote, count: number): (StoredNote & { queueOrder: number })[] {
  const base = Date.now() - count * 1000 - 60_000;
  const notes: (StoredNote & { queueOrder: number })[] = [];
  const editEvery = Math.round(1 / EDITED_SHARE);
  for (let i = 0; i < count; i++) {
    const at = new Date(base + i * 1000).toISOString();
    notes.push({
      id: uuidv7(base + i * 1000),
      eventId: sample.eventId,
      themeId: sample.themeId,
      deviceId: sample.deviceId,
      text: `Bulk note ${i}: people want to be asked early and told plainly what happens next.`,
      updatedAt: at,
      queueOrder: i,
    });
  }
  // The second version: queued EDIT_LAG entries after the first, so in a later push.
  const edits = notes
    .filter((_, i) => i % editEvery === 0)
    .map((n) => ({
      ...n,
      text: `${n.text} (corrected)`,
      updatedAt: new Date(Date.parse(n.updatedAt) + 500).toISOString(),
      queueOrder: n.queueOrder + EDIT_LAG + 0.5,
    }));
  return [...notes, ...edits].sort((a, b) => a.queueOrder - b.queueOrder);
}

/**
 * Writes the notes and their outbox entries in one transaction, in queue order; the `notes`
 * table keeps each note's last version, as the app's own saves do.
 */
async function queueNotes(page: Page, queued: (StoredNote & { queueOrder: number })[]) {
  const records = queued.map(({ queueOrder: _order, ...n }) => ({
    ...n,
    schemaVersion: NOTE_SCHEMA_VERSION,
    questionId: 'ideal',
  }));
  await page.evaluate(async (batch) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('involve');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(new Error(String(req.error)));
    });
    const tx = db.transaction(['notes', 'queue'], 'readwrite');
    const firstSaved = new Map<string, string>();
    for (const n of batch) {
      // A note's createdAt is its first save.
      const createdAt = firstSaved.get(n.id) ?? n.updatedAt;
      firstSaved.set(n.id, createdAt);
      const note = { ...n, createdAt };
      tx.objectStore('notes').put(note);
      tx.objectStore('queue').add({
        recordId: note.id,
        kind: 'workshop-note',
        schemaVersion: note.schemaVersion,
        recordUpdatedAt: note.updatedAt,
        eventId: note.eventId,
        queuedAt: note.updatedAt,
        data: note,
      });
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(new Error(String(tx.error)));
    });
    db.close();
  }, records);
}
