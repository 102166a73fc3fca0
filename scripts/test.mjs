#!/usr/bin/env node
// `npm test`: every suite, then one closing line `N passed, N failed`. Two phases:
//   1. vitest unit + renderer + integration (integration files two at a time, each with its own
//      labelled labs on the real Docker engine), and beside it Playwright e2e on the web build;
//   2. the scenario self-test (vitest project `self-test`: every scenario's reference and wrong
//      responses through the headless runner, DOJO_SELF_TEST_CONCURRENCY runs at once, 3 here).
// Why this layout, measured on this 2-core machine: the integration files one at a time took
// ~710 s and left the machine mostly idle (labs wait for failovers); two at a time took 534 s at
// 85% busy. The self-test two at a time (keepalived alone) took ~1180 s; every scenario in one
// pool of three took 733 s at 81% busy, so it runs alone. e2e waits at a person's pace and fits
// beside phase 1. DOJO_TEST_SERIAL=1 runs every suite alone, integration files one at a time
// (for a loaded machine, or to time a suite). Phase 1's vitest streams here; e2e's output is
// kept in reports/e2e.log and printed whole at its end.
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

/**
 * Runs a command; `log` undefined streams to this terminal, else output goes to that file and
 * is printed whole at the end. Resolves with the exit code.
 */
function run(cmd, args, { env = {}, log } = {}) {
  return new Promise((resolve) => {
    const out = log ? fs.openSync(log, 'w') : 'inherit';
    const child = spawn(cmd, args, {
      cwd: root,
      stdio: ['ignore', out, out],
      env: { ...process.env, ...env },
    });
    child.on('close', (code) => {
      if (log) {
        fs.closeSync(out);
        process.stdout.write(`\n===== ${path.basename(log)} (done at ${since()}) =====\n`);
        process.stdout.write(fs.readFileSync(log, 'utf8'));
        process.stdout.write(`===== end of ${path.basename(log)} =====\n\n`);
      }
      resolve(code ?? 1);
    });
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

function vitest(name, projects, { log, env } = {}) {
  const json = path.join(reports, `${name}.json`);
  fs.rmSync(json, { force: true });
  const args = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p])];
  args.push('--reporter=default', '--reporter=json', `--outputFile.json=${json}`);
  // vitest's default on 2 cores is one worker: two, so that two integration files run at once.
  args.push(`--maxWorkers=${Math.max(2, os.availableParallelism() - 1)}`);
  return run('npx', args, { log, env }).then((code) => ({ json, code, name }));
}

async function playwright() {
  const json = path.join(reports, 'playwright.json');
  fs.rmSync(json, { force: true });
  const log = serial ? undefined : path.join(reports, 'e2e.log');
  const code = await run('npx', ['playwright', 'test', '--reporter=list,json'], {
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: json },
    log,
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

const serial = process.env.DOJO_TEST_SERIAL === '1';
const main = ['unit', 'renderer', 'integration'];
if (serial) {
  const a = await vitest('vitest', main, { env: { DOJO_INT_SERIAL: '1' } });
  countVitest(a.json, a.code, a.name);
  const b = await vitest('self-test', ['self-test']);
  countVitest(b.json, b.code, b.name);
  await playwright();
} else {
  console.log(`[test] vitest (${main.join(', ')}) streams here; Playwright e2e runs beside it`);
  console.log('[test] (reports/e2e.log); then the scenario self-test');
  const e2e = playwright();
  const a = await vitest('vitest', main);
  countVitest(a.json, a.code, a.name);
  await e2e;
  console.log(`[test] phase 1 done at ${since()}; the scenario self-test starts`);
  const b = await vitest('self-test', ['self-test']);
  countVitest(b.json, b.code, b.name);
}
console.log(`[test] all done at ${since()}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
