import { rm } from 'node:fs/promises';

/** A fresh database for each chaos run (the tests share one, as the e2e suite does). */
export default async function globalSetup(): Promise<void> {
  const dir = process.env.E2E_DATA_DIR;
  if (dir) await rm(dir, { recursive: true, force: true });
}
