#!/usr/bin/env node
// `npm test`: every suite, then one closing line `N passed, N failed`.
//   1. vitest unit + renderer + integration (the integration files one at a time, against the
//      real Docker engine);
//   2. the scenario self-test (vitest project `self-test`: two headless runs at once);
//   3. Playwright e2e on the web build against the real engine.
// They run in turn. DOJO_TEST_PARALLEL=1 runs steps 1 and 2 together, then e2e beside the rest
// of step 2 (labs take turns to come up, see src/core/session/machine-slots.ts): for a machine
// with cores to spare. On a 2-core machine it is not faster and not reliable: measured, the
// integration files ran 1.6-2x slower beside two self-test runs, and the keepalived lab's
// timing checks failed (its router agent starts processes on every read). Step 1 streams; in
// parallel mode the others' output is kept in reports/<name>.log and printed whole at their end.
// The renderer is built first unless DOJO_SKIP_BUILD=1 (CI builds it in an earlier step).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
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

function vitest(name, projects, log) {
  const json = path.join(reports, `${name}.json`);
  fs.rmSync(json, { force: true });
  const args = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p])];
  args.push('--reporter=default', '--reporter=json', `--outputFile.json=${json}`);
  return run('npx', args, { log }).then((code) => ({ json, code, name }));
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

const serial = process.env.DOJO_TEST_PARALLEL !== '1';
const main = ['unit', 'renderer', 'integration'];
if (serial) {
  const a = await vitest('vitest', main);
  countVitest(a.json, a.code, a.name);
  const b = await vitest('self-test', ['self-test']);
  countVitest(b.json, b.code, b.name);
  await playwright();
} else {
  console.log(
    `[test] vitest (${main.join(', ')}) streams here; the scenario self-test runs beside it`,
  );
  console.log('[test] (reports/self-test.log), then Playwright e2e (reports/e2e.log)');
  const selfTest = vitest('self-test', ['self-test'], path.join(reports, 'self-test.log'));
  const a = await vitest('vitest', main);
  countVitest(a.json, a.code, a.name);
  console.log(`[test] ${main.join(', ')} done at ${since()}; e2e starts`);
  const e2e = playwright();
  const b = await selfTest;
  countVitest(b.json, b.code, b.name);
  await e2e;
}
console.log(`[test] all done at ${since()}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
