import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMiniLab, until, type MiniLab } from '../testing/mini-lab.fixture';
import { ConsoleManager } from './console-manager';

/** Consoles into a real node: keystrokes in, terminal output out, lines recorded, exits reported. */
let lab: MiniLab;
let manager: ConsoleManager;
const output = new Map<string, string>();
const lines: { node: string; line: string; runId: string }[] = [];
const exits = new Map<string, number>();

const text = (id: string): string => output.get(id) ?? '';
const type = (id: string, keys: string): void => {
  for (const k of keys) manager.input(id, k);
};
const shellProcesses = async (consoleId: string): Promise<string> =>
  (
    await lab.sh('redis-1', `grep -lsz 'DOJO_CONSOLE=${consoleId}' /proc/[0-9]*/environ || true`)
  ).out.trim();

beforeAll(async () => {
  lab = await createMiniLab('console-int');
  await lab.add({
    name: 'redis-1',
    kind: 'redis',
    host: 11,
    cmd: ['redis-server', '--protected-mode', 'no', '--save', ''],
  });
  manager = new ConsoleManager(lab.runtime, {
    onOutput: (id, data) => output.set(id, text(id) + data),
    onLine: (runId, node, line) => lines.push({ node, line, runId }),
    onExit: (id, code) => exits.set(id, code),
  });
});

afterAll(async () => {
  await manager?.closeAll('run-1');
  await lab?.dispose();
});

const open = () =>
  manager.open({
    runId: 'run-1',
    node: 'redis-1',
    containerId: lab.members.get('redis-1')?.containerId ?? '',
    cols: 100,
    rows: 40,
  });

describe('ConsoleManager', () => {
  it('runs redis-cli PING typed as keystrokes, shows PONG, and records the line', async () => {
    const id = await open();
    expect(id).toMatch(/^c[a-z0-9-]{3,40}$/);
    type(id, 'redis-cli PINH\x7fG\r');
    await until('PONG', () => text(id).includes('PONG') || undefined, 10_000);
    expect(lines).toEqual([{ node: 'redis-1', line: 'redis-cli PING', runId: 'run-1' }]);
    expect(manager.list('run-1').map((c) => c.consoleId)).toEqual([id]);
    await manager.close(id);
    await until('exit reported', () => exits.has(id) || undefined, 5000);
    expect(await shellProcesses(id)).toBe('');
    expect(manager.list('run-1')).toEqual([]);
  });

  it('has a terminal of the requested size, and resize changes it', async () => {
    const id = await open();
    type(id, 'stty size\r');
    await until('40 100', () => text(id).includes('40 100') || undefined, 10_000);
    await manager.resize(id, 120, 30);
    type(id, 'stty size\r');
    await until('30 120', () => text(id).includes('30 120') || undefined, 10_000);
    await manager.close(id);
  });

  it('reports the exit code when the shell ends by itself', async () => {
    const id = await open();
    type(id, 'exit 3\r');
    await until('exit', () => exits.has(id) || undefined, 10_000);
    expect(exits.get(id)).toBe(3);
    expect(() => manager.input(id, 'x')).toThrow(/no open console/);
  });

  it('close hangs up a console whose foreground program ignores end of file', async () => {
    const id = await open();
    type(id, 'sleep 300\r');
    await until(
      'sleep running',
      async () => (await shellProcesses(id)).split('\n').length >= 2 || undefined,
    );
    const started = Date.now();
    await manager.close(id);
    expect(Date.now() - started).toBeLessThan(6000);
    await until('processes gone', async () => (await shellProcesses(id)) === '' || undefined, 5000);
    await until('exit reported', () => exits.has(id) || undefined, 5000);
  });

  it('decodes multi-byte characters split across chunks', async () => {
    const id = await open();
    type(id, `printf 'h\\xc3\\xa9llo \\xe2\\x9c\\x93\\n'\r`);
    await until('héllo ✓', () => text(id).includes('héllo ✓') || undefined, 10_000);
    await manager.closeAll('run-1');
    expect(manager.list()).toEqual([]);
  });
});
