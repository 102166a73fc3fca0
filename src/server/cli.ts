/**
 * Entry of `npm run serve` (run with tsx): the engine over HTTP + WebSocket on
 * loopback, for the browser build, e2e tests and machines without Electron.
 */
import { createEngine } from '../core';
import { REPO_ROOT, runServe } from './serve-main';
import path from 'node:path';

void runServe({
  createEngine: ({ room }) =>
    createEngine({ labImagesDir: path.join(REPO_ROOT, 'lab-images'), room }),
  argv: process.argv.slice(2),
  env: process.env,
  print: (line) => process.stdout.write(`${line}\n`),
  warn: (line) => process.stderr.write(`${line}\n`),
  exit: (code) => process.exit(code),
  onSignal: (handler) => {
    // SIGHUP: the terminal closed. The labs go with the server, as on Ctrl+C.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
      process.on(signal, () => handler(signal));
  },
}).catch((error: unknown) => {
  process.stderr.write(
    `Failover Dojo server failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
