/**
 * A push-reading thread (see `push-reader.ts`): parses and validates push bodies it is sent,
 * asking the thread that serves requests for the survey versions their responses answered.
 * Started through `push-thread.mjs`, which lets Node load TypeScript here.
 */
import { parentPort } from 'node:worker_threads';
import { ApiError } from '../api-error';
import { stackFramesOf } from '../error-for-log';
import type { FromPushThread, ToPushThread } from './push-thread-messages';
import { finishReading, packPush, startReading } from './read-push';
import type { StartedPush } from './read-push';
import type { PublishedSurvey } from '../surveys/survey-lookup';

const port = parentPort;
if (port === null) throw new Error('push-thread.ts runs as a worker thread only');

/** Pushes waiting for their survey versions, by job id. */
const waiting = new Map<number, { started: StartedPush; now: number }>();

function send(message: FromPushThread): void {
  port!.postMessage(message);
}

function finish(id: number, work: () => FromPushThread): void {
  try {
    send(work());
  } catch (error) {
    if (error instanceof ApiError) {
      send({
        type: 'refused',
        id,
        status: error.status,
        code: error.code,
        message: error.message,
        details: error.details,
      });
    } else {
      // The message could quote the request; only where it failed goes back.
      const failure = error instanceof Error ? error : new Error('A value was thrown');
      send({ type: 'failed', id, name: failure.name, frames: stackFramesOf(failure) });
    }
  }
}

/** The answer for a push whose survey versions are known: its records, read. */
function read(
  id: number,
  started: StartedPush,
  published: PublishedSurvey[],
  now: number,
): FromPushThread {
  return { type: 'read', id, push: packPush(finishReading(started, published, new Date(now))) };
}

port.on('message', (message: ToPushThread) => {
  const { id } = message;
  switch (message.type) {
    case 'read':
      finish(id, () => {
        const started = startReading(message.bytes);
        if (started.wanted.length === 0) return read(id, started, [], message.now);
        waiting.set(id, { started, now: message.now });
        return { type: 'surveys', id, wanted: started.wanted };
      });
      break;
    case 'surveys': {
      const job = waiting.get(id);
      waiting.delete(id);
      if (job === undefined) return;
      finish(id, () => read(id, job.started, message.published, job.now));
      break;
    }
    case 'drop':
      waiting.delete(id);
      break;
  }
});
