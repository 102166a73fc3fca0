/**
 * The scenario studio's figures for `npm run bench`, printed, never asserted:
 *
 *   - the editor's bundle: what opening the studio downloads beyond the app
 *     (monaco's chunk and stylesheet, the editor and YAML workers, the icon
 *     font), raw and gzip, beside the app's own entry chunk;
 *   - the time from clicking "Studio" to the first marker: a draft with an
 *     unknown node (kept from an earlier visit) is reopened; measured until
 *     the marker is listed, i.e. monaco's chunk loaded, the editor created,
 *     the engine's check answered and its marker set on the line. First
 *     visit (nothing cached) and warm visits (median of N).
 *
 * Needs the built renderer (`npm run build`) and Debian's Chromium. No
 * Docker: the check runs in the engine without a lab.
 * Options: --visits N (warm visits, default 5).
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { positiveOption, runMain } from './bench-cli';

const root = path.resolve(import.meta.dirname, '..');
const assets = path.join(root, 'out/renderer/assets');

function kib(n: number): string {
  return `${(n / 1024).toFixed(0)} KiB`;
}

function bundleFigures(): void {
  if (!fs.existsSync(assets)) throw new Error('no out/renderer: run `npm run build` first');
  const files = fs.readdirSync(assets);
  const pick = (re: RegExp) => files.filter((f) => re.test(f));
  const rows: [string, string[]][] = [
    ['app entry (index-*.js)', pick(/^index-.*\.js$/)],
    ['studio editor chunk (scenario-editor-*.js)', pick(/^scenario-editor-.*\.js$/)],
    ['studio editor styles (scenario-editor-*.css)', pick(/^scenario-editor-.*\.css$/)],
    ['editor worker', pick(/^editor\.worker-.*\.js$/)],
    ['YAML worker (monaco-yaml)', pick(/^yaml\.worker-.*\.js$/)],
    ['icon font (codicon)', pick(/^codicon-.*\.ttf$/)],
  ];
  console.log('studio bundle (out/renderer/assets), raw / gzip:');
  let studioRaw = 0;
  let studioGz = 0;
  for (const [label, names] of rows) {
    const buf = Buffer.concat(names.map((n) => fs.readFileSync(path.join(assets, n))));
    const gz = gzipSync(buf).length;
    if (!label.startsWith('app')) {
      studioRaw += buf.length;
      studioGz += gz;
    }
    console.log(`  ${label.padEnd(46)} ${kib(buf.length).padStart(9)} / ${kib(gz).padStart(8)}`);
  }
  console.log(
    `  ${'opening the studio adds'.padEnd(46)} ${kib(studioRaw).padStart(9)} / ${kib(studioGz).padStart(8)}`,
  );
}

const BAD_DRAFT = fs
  .readFileSync(path.join(root, 'scenarios/redis-sentinel/stale-leader.yaml'), 'utf8')
  .replace('id: stale-leader', 'id: bench-draft')
  .replace('[redis-1, app-pinned]', '[redis-9, app-pinned]');

async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-bench-studio-'));
  const urlFile = path.join(dir, 'url');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', '--port', '0'], {
    cwd: root,
    env: { ...process.env, DOJO_URL_FILE: urlFile, DOJO_SCENARIOS_DIR: path.join(dir, 'library') },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 60_000;
  while (!fs.existsSync(urlFile) || !fs.readFileSync(urlFile, 'utf8').trim()) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: fs.readFileSync(urlFile, 'utf8').trim(),
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function firstMarkerFigures(visits: number): Promise<void> {
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.locator('[data-app-ready="true"]').waitFor();
    await page.evaluate((text) => {
      localStorage.setItem('dojo.studio.draft', JSON.stringify({ text, origin: { kind: 'new' } }));
    }, BAD_DRAFT);
    const times: number[] = [];
    for (let i = 0; i <= visits; i++) {
      await page.evaluate(() => (window.location.hash = '#/'));
      await page.locator('[data-testid="scenario-catalog"]').waitFor();
      const t0 = Date.now();
      await page.getByTestId('nav-studio').click();
      await page.locator('[data-testid="studio-markers"] li').first().waitFor({ timeout: 60_000 });
      times.push(Date.now() - t0);
    }
    const [first, ...warm] = times;
    warm.sort((a, b) => a - b);
    console.log(
      'studio: click "Studio" → first marker listed (chunk, editor, engine check, marker):',
    );
    console.log(`  first visit (cold cache): ${first} ms`);
    console.log(
      `  warm visits: median ${warm[Math.floor(warm.length / 2)]} ms, max ${warm.at(-1)} ms (n=${warm.length})`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

runMain('bench-studio', async () => {
  bundleFigures();
  await firstMarkerFigures(positiveOption('visits', 5));
});
