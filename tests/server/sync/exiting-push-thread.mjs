// A push-reading thread that exits on the first push it is given, as one that crashed or ran
// out of memory would (push-reader.test.ts).
import { parentPort } from 'node:worker_threads';

parentPort?.once('message', () => process.exit(7));
