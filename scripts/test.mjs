#!/usr/bin/env node
// `npm test`: every suite, then one closing line `N passed, N failed`. In turn:
//   1. vitest unit + renderer + integration (integration files two at a time, each with its own
//      labelled labs on the real Docker engine);
//   2. the scenario self-test (vitest project `self-test`: first the labs-at-once load test
//      alone, then every scenario's reference and wrong responses through the headless runner,
//      DOJO_SELF_TEST_CONCURRENCY runs at once, 5 here);
//   3. Playwright e2e on the web build against the real engine, two workers (playwright.config.ts).
// Why this layout, measured on this 2-core machine: the integration files one at a time took
// ~710 s and left the machine mostly idle (labs wait for failovers); two at a time took 534 s at
// 85% busy. The self-test two at a time (keepalived alone) took ~1180 s; every scenario in one
// pool of three took 733 s at 81% busy (since then bring-ups got shorter and the probes cheaper:
// 53 runs four at a time took 759 s at 66% busy, five at a time 673 s at 81%, three 1054 s). Suites side by side saturate the two cores and fail
// honestly load-sensitive checks: e2e beside the integration files took 660 s instead of 304 s,
// the integration files 821 s instead of ~560 s, and a workload client fell to 14 writes/s of
// 20 while its test asserted the rate. So the suites run one after another.
// DOJO_INT_SERIAL=1 runs the integration files one at a time (for a loaded machine).
// The renderer is built first unless DOJO_SKIP_BUILD=1 (CI builds it in an earlier step).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const reports = path.join(root, 'reports');
fs.mkdirSync(reports, { recursive: true });
const started = Date.now();
const since = () => `${Math.round((Date.now() - started) / 1000)}s`;

/** Runs a command with its output streamed to this terminal; resolves with the exit code. */
function run(cmd, args, { env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...env },
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

let passed = 0;
let failed = 0;
let skipped = 0;

if (process.env.DOJO_SKIP_BUILD !== '1') {
  const built = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) {
    console.log('build failed: the e2e tests need out/renderer');
    failed += 1;
  }
}

/** Reads a vitest JSON report into the counts. */
function countVitest(file, code, name) {
  if (!fs.existsSync(file)) {
    console.log(`${name}: vitest wrote no report (exit ${code})`);
    failed += 1;
    return;
  }
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  const before = failed;
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A file that failed to load has no tests in the counts: count it as a failure.
  failed += (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
  ).length;
  if (code !== 0 && failed === before) failed += 1;
}

function vitest(name, projects) {
  const json = path.join(reports, `${name}.json`);
  fs.rmSync(json, { force: true });
  const args = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p])];
  args.push('--reporter=default', '--reporter=json', `--outputFile.json=${json}`);
  // vitest's default on 2 cores is one worker: two, so that two integration files run at once.
  args.push(`--maxWorkers=${Math.max(2, os.availableParallelism() - 1)}`);
  return run('npx', args).then((code) => ({ json, code, name }));
}

async function playwright() {
  const json = path.join(reports, 'playwright.json');
  fs.rmSync(json, { force: true });
  const code = await run('npx', ['playwright', 'test', '--reporter=list,json'], {
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: json },
  });
  if (!fs.existsSync(json)) {
    console.log(`playwright wrote no report (exit ${code})`);
    failed += 1;
    return;
  }
  const s = JSON.parse(fs.readFileSync(json, 'utf8')).stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
  if (code !== 0 && !(s.unexpected > 0)) failed += 1;
}

const main = ['unit', 'renderer', 'integration'];
const a = await vitest('vitest', main);
countVitest(a.json, a.code, a.name);
console.log(`[test] ${main.join(', ')} done at ${since()}; the scenario self-test starts`);
const b = await vitest('self-test', ['self-test']);
countVitest(b.json, b.code, b.name);
console.log(`[test] self-test done at ${since()}; e2e starts`);
await playwright();
console.log(`[test] all done at ${since()}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
