#!/usr/bin/env node
/**
 * `npm start`: builds the app, then opens it in Electron when Electron can run
 * here, otherwise serves the same UI to the browser (src/server/cli.ts).
 *
 * Environment: DOJO_NO_ELECTRON=1 skips Electron. Extra arguments
 * (`npm start -- --port 8080`) go to the server when it is used.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const PROBE_TIMEOUT_MS = 60_000;
/** Electron exiting with an error this soon after launch means it cannot run here. */
const EARLY_EXIT_MS = 10_000;

/** Absolute path of a package's bin script (run with this node, no shell, any platform). */
function binOf(pkg, name) {
  const manifest = require(`${pkg}/package.json`);
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[name];
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), bin);
}

/** The environment for children, without variables that would turn Electron into plain node. */
function childEnv() {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

/** One short clause from a failed probe's output. */
function shortReason(output) {
  if (
    /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo/.test(output)
  ) {
    return 'its binary could not be downloaded';
  }
  const error =
    /Error: ([^\n]+)/.exec(output)?.[1] ?? output.trim().split('\n').at(-1) ?? 'unknown error';
  const firstSentence = error.split(/\.\s/)[0] ?? error;
  return firstSentence.length > 120 ? `${firstSentence.slice(0, 117)}...` : firstSentence;
}

/** Whether Electron can run here: `{ binary }` or `{ reason }`. May download the binary on first use. */
function probeElectron() {
  if (process.env.DOJO_NO_ELECTRON === '1') return { reason: 'DOJO_NO_ELECTRON=1' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no graphical display' };
  }
  const probe = spawnSync(
    process.execPath,
    ['-e', "process.stdout.write('\\n' + require('electron'))"],
    {
      cwd: repo,
      encoding: 'utf8',
      timeout: PROBE_TIMEOUT_MS,
      env: childEnv(),
    },
  );
  if (probe.error?.code === 'ETIMEDOUT')
    return { reason: `its download did not finish within ${PROBE_TIMEOUT_MS / 1000} s` };
  if (probe.error) return { reason: probe.error.message };
  if (probe.status !== 0) return { reason: shortReason(`${probe.stderr}\n${probe.stdout}`) };
  const binary = probe.stdout.trim().split('\n').at(-1) ?? '';
  return existsSync(binary)
    ? { binary }
    : { reason: `its binary is missing (${binary || 'no path'})` };
}

/**
 * Runs a child in its own process group and forwards SIGINT/SIGTERM to it
 * exactly once per burst (a terminal's Ctrl+C reaches us both directly and
 * through npm). Resolves with how it ended.
 */
function runChild(command, args) {
  const started = Date.now();
  const child = spawn(command, args, {
    cwd: repo,
    stdio: 'inherit',
    env: childEnv(),
    detached: process.platform !== 'win32',
  });
  let lastForward = 0;
  let forwarded = false;
  const forward = (signal) => {
    if (Date.now() - lastForward < 1000) return;
    lastForward = Date.now();
    forwarded = true;
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    const done = (result) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve({ ...result, forwarded, ms: Date.now() - started });
    };
    child.on('error', (error) => done({ code: 1, signal: null, error }));
    child.on('exit', (code, signal) => done({ code, signal }));
  });
}

function exitLike({ code, signal }) {
  process.exit(code ?? (signal ? 1 : 0));
}

async function serveInBrowser() {
  const result = await runChild(process.execPath, [
    binOf('tsx', 'tsx'),
    'src/server/cli.ts',
    ...process.argv.slice(2),
  ]);
  exitLike(result);
}

const build = spawnSync(process.execPath, [binOf('electron-vite', 'electron-vite'), 'build'], {
  cwd: repo,
  stdio: 'inherit',
  env: childEnv(),
});
if (build.status !== 0) process.exit(build.status ?? 1);

const electron = probeElectron();
if ('reason' in electron) {
  console.log(
    `Electron is not available on this machine (${electron.reason}); serving the same UI in your browser instead.`,
  );
  await serveInBrowser();
} else {
  const result = await runChild(electron.binary, [repo]);
  const failedEarly =
    !result.forwarded && result.ms < EARLY_EXIT_MS && (result.error || result.code !== 0);
  if (failedEarly) {
    const why = result.error
      ? result.error.message
      : `it exited with ${result.signal ?? `code ${result.code}`} at startup`;
    console.log(
      `Electron is not available on this machine (${why}); serving the same UI in your browser instead.`,
    );
    await serveInBrowser();
  } else {
    exitLike(result);
  }
}
