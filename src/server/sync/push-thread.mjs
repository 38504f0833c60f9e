// Starts a push-reading thread: Node loads TypeScript only with tsx's hooks, and hooks
// registered in the parent (`node --import tsx`) do not reach a worker thread on Node 20.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./push-thread.ts', import.meta.url).href);
