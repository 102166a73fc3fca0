/**
 * Entry of `npm run serve` (run with tsx): the engine over HTTP + WebSocket on
 * loopback, for the browser build, e2e tests and machines without Electron.
 */
import { createEngine } from '../core';
import { REPO_ROOT, runServe } from './serve-main';
import path from 'node:path';

void runServe({
  createEngine: () => createEngine({ labImagesDir: path.join(REPO_ROOT, 'lab-images') }),
  argv: process.argv.slice(2),
  env: process.env,
  print: (line) => process.stdout.write(`${line}\n`),
  warn: (line) => process.stderr.write(`${line}\n`),
  exit: (code) => process.exit(code),
  onSignal: (handler) => {
    process.on('SIGINT', () => handler('SIGINT'));
    process.on('SIGTERM', () => handler('SIGTERM'));
  },
}).catch((error: unknown) => {
  process.stderr.write(
    `Failover Dojo server failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
