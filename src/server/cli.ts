/**
 * Entry point of `npm run admin -- <command>`: wires the process's streams and environment
 * into the admin CLI (`cli/admin-cli.ts`, where the commands and `--help` text live).
 */
import { loadEnv } from './env';
import { runAdminCli } from './cli/admin-cli';
import { readPassword } from './cli/read-password';

process.exitCode = await runAdminCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  readPassword: () => readPassword(process.stdin, process.stderr),
  env: () => loadEnv(),
});
