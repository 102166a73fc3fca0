import fs from 'node:fs';
import { EtcdWriteLoop } from './etcd-write-loop';
import { HttpWriteLoop } from './http-write-loop';
import { runRelay } from './lab-relay';
import { LockWorker } from './lock-worker';
import { PgWriteLoop } from './pg-write-loop';
import { WriteLoop } from './write-loop';
import { parseAnyWorkloadConfig, parseLockWorkerConfig } from './workload-config';

/**
 * The workload client's entry point, bundled by the engine into one file and
 * run with Node 18 inside a client container:
 *
 *     node /opt/dojo/workload.mjs /etc/dojo/workload.json
 *
 * Prints one JSON object per line on stdout: `{"type":"write",...WriteRecord}`
 * for every finished attempt and `{"type":"status",...}` on every
 * (re)connection. SIGTERM stops scheduling, waits up to timeoutMs for writes
 * in flight and exits 0.
 *
 *     node /opt/dojo/workload.mjs --relay
 *
 * runs the lab relay instead (see lab-relay.ts): frames on stdin and stdout,
 * until stdin ends.
 */
function main(): void {
  const file = process.argv[2];
  if (file === '--relay') {
    const stop = runRelay({ input: process.stdin, output: process.stdout });
    process.stdin.on('end', () => {
      stop();
      process.exit(0);
    });
    return;
  }
  if (!file) {
    process.stderr.write('usage: workload <config.json>\n');
    process.exit(2);
  }
  const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const print = (obj: object): void => {
    process.stdout.write(JSON.stringify(obj) + '\n');
  };
  const events = {
    onWrite: (r: object): void => print({ type: 'write', ...r }),
    onStatus: (s: object): void => print({ type: 'status', ...s }),
  };
  if ((raw as { system?: unknown } | null)?.system === 'lock') {
    const worker = new LockWorker(parseLockWorkerConfig(raw), events);
    const halt = (signal: string): void => {
      process.stderr.write(`lock worker: ${signal}, stopping\n`);
      void worker.stop().then(() => process.stdout.write('', () => process.exit(0)));
    };
    process.on('SIGTERM', () => halt('SIGTERM'));
    process.on('SIGINT', () => halt('SIGINT'));
    worker.start();
    return;
  }
  const cfg = parseAnyWorkloadConfig(raw);
  const loop =
    cfg.system === 'postgres'
      ? new PgWriteLoop(cfg, events)
      : cfg.system === 'http'
        ? new HttpWriteLoop(cfg, events)
        : cfg.system === 'etcd'
          ? new EtcdWriteLoop(cfg, events)
          : new WriteLoop(cfg, events);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`workload ${cfg.client}: ${signal}, draining\n`);
    void loop.stop().then(() => process.stdout.write('', () => process.exit(0)));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.stderr.write(
    `workload ${cfg.client}: ${cfg.system ? `${cfg.system} ` : ''}mode ${cfg.mode}, ${cfg.rate} writes/s, timeout ${cfg.timeoutMs} ms\n`,
  );
  loop.start();
}

main();
