#!/usr/bin/env node
// `npm test`: every suite, then one closing line `N passed, N failed`.
//   1. vitest: unit + renderer + integration (the integration project needs a Docker engine);
//   2. Playwright e2e on the web build against the real engine.
// The renderer is built first unless DOJO_SKIP_BUILD=1 (CI builds it in an earlier step).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const reports = path.join(root, 'reports');
fs.mkdirSync(reports, { recursive: true });

const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ??
  1;

let passed = 0;
let failed = 0;
let skipped = 0;

if (process.env.DOJO_SKIP_BUILD !== '1') {
  if (run('npx', ['electron-vite', 'build']) !== 0) {
    console.log('build failed: the e2e tests need out/renderer');
    failed += 1;
  }
}

// --- vitest
const vitestJson = path.join(reports, 'vitest.json');
fs.rmSync(vitestJson, { force: true });
const vitestCode = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
if (fs.existsSync(vitestJson)) {
  const r = JSON.parse(fs.readFileSync(vitestJson, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A file that failed to load has no tests in the counts: count it as a failure.
  const brokenFiles = (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
  );
  failed += brokenFiles.length;
} else {
  console.log(`vitest wrote no report (exit ${vitestCode})`);
  failed += 1;
}
if (vitestCode !== 0 && failed === 0) failed += 1;

// --- playwright
const pwJson = path.join(reports, 'playwright.json');
fs.rmSync(pwJson, { force: true });
const pwCode = run('npx', ['playwright', 'test', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
});
if (fs.existsSync(pwJson)) {
  const s = JSON.parse(fs.readFileSync(pwJson, 'utf8')).stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
  if (pwCode !== 0 && !(s.unexpected > 0)) failed += 1;
} else {
  console.log(`playwright wrote no report (exit ${pwCode})`);
  failed += 1;
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
