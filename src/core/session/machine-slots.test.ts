import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MachineSlots } from './machine-slots';

const dirs: string[] = [];
const tmpDir = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-slots-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A pid that is certainly not alive: a process that has already exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid;

// Two MachineSlots on one folder stand for two engine processes on one machine.
describe('MachineSlots', () => {
  it('lets one bring-up through at a time across engines, the other waits until it is released', async () => {
    const dir = tmpDir();
    const web = new MachineSlots(dir, 1, 10);
    const headless = new MachineSlots(dir, 1, 10);
    const first = await web.acquire();
    expect(first).toBeTypeOf('function');
    expect(headless.busy).toBe(0 + 0); // same pid: not counted as held elsewhere
    let second: (() => void) | undefined;
    const waiting = headless.acquire().then((r) => (second = r));
    await new Promise((r) => setTimeout(r, 60));
    expect(second).toBeUndefined();
    first!();
    await waiting;
    expect(second).toBeTypeOf('function');
    expect(fs.readdirSync(dir)).toEqual(['slot-0']);
    second!();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('takes over a slot whose holder died mid bring-up', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'slot-0'), String(deadPid()));
    const slots = new MachineSlots(dir, 1, 10);
    const release = await slots.acquire();
    expect(release).toBeTypeOf('function');
    expect(fs.readFileSync(path.join(dir, 'slot-0'), 'utf8')).toBe(String(process.pid));
    release!();
  });

  it('counts a slot held by another live process as busy', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'slot-0'), String(process.ppid));
    expect(new MachineSlots(dir, 2, 10).busy).toBe(1);
  });

  it('a stopped lab gives up its wait and takes no slot', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'slot-0'), String(process.ppid)); // held by a live process
    const slots = new MachineSlots(dir, 1, 10);
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const wait = slots.acquire(stopped);
    setTimeout(stop, 30);
    expect(await wait).toBeUndefined();
    expect(fs.readFileSync(path.join(dir, 'slot-0'), 'utf8')).toBe(String(process.ppid));
    expect(slots.busy).toBe(1);
  });

  it('a folder it cannot use falls back to the process turn alone', async () => {
    const file = path.join(tmpDir(), 'not-a-dir');
    fs.writeFileSync(file, '');
    const slots = new MachineSlots(path.join(file, 'slots'), 1, 10);
    const release = await slots.acquire();
    expect(release).toBeTypeOf('function');
    expect(slots.busy).toBe(1);
    release!();
    expect(slots.busy).toBe(0);
  });
});
