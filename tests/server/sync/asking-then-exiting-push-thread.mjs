// A push-reading thread that asks for a survey version, as the real one does for a survey
// response, and exits when the answer comes: it dies while its push waits (push-reader.test.ts).
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (/** @type {{ type: string; id: number }} */ message) => {
  if (message.type !== 'read') process.exit(7);
  const wanted = [{ surveyId: 'test-survey', version: 1 }];
  parentPort?.postMessage({ type: 'surveys', id: message.id, wanted });
});
