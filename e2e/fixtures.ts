import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DockerProbe } from './model/docker-probe';
import { HomePage } from './model/home-page';

interface ServerHandle {
  /** URL with the one-time token, as printed by the server. */
  url: string;
  process: ChildProcess;
}

const root = path.resolve(__dirname, '..');

/** Waits until the server has written its URL file (its readiness signal), or fails with its output. */
async function waitForUrlFile(
  file: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs = 60_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    if (fs.existsSync(file)) {
      const url = fs.readFileSync(file, 'utf8').trim();
      if (url) return url;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server wrote no URL within ${timeoutMs} ms:\n${output()}`);
}

export const test = base.extend<
  { home: HomePage; docker: DockerProbe },
  { server: ServerHandle; serverEnv: Record<string, string> }
>({
  /** Extra environment for the server process (e.g. a DOCKER_HOST where nothing answers). */
  serverEnv: [{}, { scope: 'worker', option: true }],
  server: [
    async ({ serverEnv }, use) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-e2e-'));
      const urlFile = path.join(dir, 'url');
      let out = '';
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/server/cli.ts', '--port', '0'],
        {
          cwd: root,
          env: { ...process.env, ...serverEnv, DOJO_URL_FILE: urlFile },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      const url = await waitForUrlFile(urlFile, child, () => out);
      await use({ url, process: child });
      // The server stops its runs on SIGTERM; wait for it so nothing is left behind.
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  home: async ({ page, server }, use) => {
    const home = new HomePage(page);
    await home.open(server.url);
    await use(home);
  },
  docker: async ({}, use) => {
    await use(new DockerProbe());
  },
});

export { expect } from '@playwright/test';

/**
 * Where a README screenshot goes: docs/ when DOJO_UPDATE_SCREENSHOTS=1 (to
 * refresh the README), else test-results/ so a test run leaves the tree clean.
 */
export function screenshotPath(name: string): string {
  const dir = process.env.DOJO_UPDATE_SCREENSHOTS === '1' ? 'docs' : 'test-results';
  return path.join(root, dir, name);
}
