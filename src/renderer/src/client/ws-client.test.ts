import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent, WsClientMessage } from '../../../shared/engine-contract';
import { ENGINE_METHODS, takesArgument } from '../../../shared/engine-methods';
import type { LabSummary } from '../../../shared/lab-types';
import type { ConnectionState, DojoClient } from './types';
import {
  ConnectionClosedError,
  createWsClient,
  EngineCallError,
  type WebSocketLike,
} from './ws-client';

class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  readyState = 0;
  sent: WsClientMessage[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  closedByClient = false;
  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }
  send(data: string) {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data) as WsClientMessage);
  }
  close() {
    this.closedByClient = true;
    this.readyState = 3;
  }
  // server side
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  reply(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop() {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({ code: 1006 });
  }
}

const latest = () => FakeWebSocket.instances[FakeWebSocket.instances.length - 1]!;
let client: DojoClient;

function make(): DojoClient {
  client = createWsClient('ws://127.0.0.1:5173/ws', {
    WebSocketImpl: FakeWebSocket,
    initialBackoffMs: 100,
    maxBackoffMs: 1000,
    random: () => 1, // no jitter below the full delay: delay = base * 1.0 (0.5 + 0.5)
  });
  return client;
}

beforeEach(() => {
  FakeWebSocket.instances = [];
  vi.useFakeTimers();
});
afterEach(() => {
  client?.dispose();
  vi.useRealTimers();
});

describe('ws-client', () => {
  it('connects to the given url and reports connecting → open', () => {
    const states: ConnectionState[] = [];
    make();
    client.connection.subscribe((s) => states.push(s));
    expect(latest().url).toBe('ws://127.0.0.1:5173/ws');
    expect(client.connection.get()).toBe('connecting');
    latest().open();
    expect(states).toEqual(['open']);
  });

  it('resolves a call by its id, whatever order the answers come in', async () => {
    make();
    latest().open();
    const labsP = client.listLabs();
    const runP = client.getRun({ runId: 'run-1' });
    const ws = latest();
    expect(ws.sent).toEqual([
      { id: 1, method: 'listLabs' },
      { id: 2, method: 'getRun', args: { runId: 'run-1' } },
    ]);
    const labs: LabSummary[] = [{ id: 'x', title: 'X', description: '', systems: [], nodes: [] }];
    ws.reply({ id: 2, ok: true, result: null });
    ws.reply({ id: 1, ok: true, result: labs });
    await expect(runP).resolves.toBeNull();
    await expect(labsP).resolves.toEqual(labs);
  });

  it('sends the scenario, console and log methods with their argument object', async () => {
    make();
    latest().open();
    const ws = latest();
    const calls: Promise<unknown>[] = [];
    calls.push(client.listScenarios());
    calls.push(
      client.startScenario({ scenarioId: 'stale-leader', settings: { minReplicasToWrite: 1 } }),
    );
    calls.push(
      client.act({ runId: 'run-1', action: { kind: 'isolate-clients', node: 'redis-1' } }),
    );
    calls.push(client.exportDebrief({ runId: 'run-1', format: 'md' }));
    calls.push(client.openConsole({ runId: 'run-1', node: 'redis-1', cols: 80, rows: 24 }));
    calls.push(client.consoleInput({ consoleId: 'c-1', data: 'ls\r' }));
    calls.push(client.getLogs({ runId: 'run-1', node: 'redis-1', tail: 200 }));
    expect(ws.sent.map((m) => [m.method, m.args])).toEqual([
      ['listScenarios', undefined],
      ['startScenario', { scenarioId: 'stale-leader', settings: { minReplicasToWrite: 1 } }],
      ['act', { runId: 'run-1', action: { kind: 'isolate-clients', node: 'redis-1' } }],
      ['exportDebrief', { runId: 'run-1', format: 'md' }],
      ['openConsole', { runId: 'run-1', node: 'redis-1', cols: 80, rows: 24 }],
      ['consoleInput', { consoleId: 'c-1', data: 'ls\r' }],
      ['getLogs', { runId: 'run-1', node: 'redis-1', tail: 200 }],
    ]);
    const got: EngineEvent[] = [];
    client.onEvent((e) => got.push(e));
    ws.reply({ event: { type: 'console', consoleId: 'c-1', data: 'hi' } });
    ws.reply({ event: { type: 'console-exit', consoleId: 'c-1', code: 0 } });
    expect(got.map((e) => e.type)).toEqual(['console', 'console-exit']);
    for (const c of calls) c.catch(() => {}); // rejected by dispose in afterEach
  });

  it('has every method of ENGINE_METHODS, each sending its own name (no args for one without)', () => {
    make();
    latest().open();
    const table = client as unknown as Record<string, (arg?: unknown) => Promise<unknown>>;
    const calls = ENGINE_METHODS.map((method) => table[method]!({ given: method }));
    expect(latest().sent.map((m) => [m.method, 'args' in m ? m.args : 'no args'])).toEqual(
      ENGINE_METHODS.map((m) => [m, takesArgument(m) ? { given: m } : 'no args']),
    );
    for (const c of calls) c.catch(() => {}); // rejected by dispose in afterEach
  });

  it('rejects a call the engine refused with its error text', async () => {
    make();
    latest().open();
    const p = client.startLab({ labId: 'nope' });
    latest().reply({ id: 1, ok: false, error: 'unknown lab: nope' });
    await expect(p).rejects.toBeInstanceOf(EngineCallError);
    await expect(p).rejects.toThrow('unknown lab: nope');
  });

  it('queues calls made while connecting and sends them on open', async () => {
    make();
    const p = client.getEngineStatus();
    expect(latest().sent).toEqual([]);
    latest().open();
    expect(latest().sent).toEqual([{ id: 1, method: 'getEngineStatus' }]);
    latest().reply({ id: 1, ok: true, result: { reachable: true, endpoint: 'x', howToStart: [] } });
    await expect(p).resolves.toMatchObject({ reachable: true });
  });

  it('rejects every pending call when the socket closes, then reconnects with backoff', async () => {
    make();
    latest().open();
    const a = client.listRuns();
    const b = client.stopLab({ runId: 'run-1' });
    latest().drop();
    await expect(a).rejects.toBeInstanceOf(ConnectionClosedError);
    await expect(b).rejects.toBeInstanceOf(ConnectionClosedError);
    expect(client.connection.get()).toBe('closed');
    // While closed, calls fail fast instead of hanging.
    await expect(client.listLabs()).rejects.toBeInstanceOf(ConnectionClosedError);

    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(99);
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(client.connection.get()).toBe('connecting');
    latest().drop(); // second attempt fails: the next delay doubles
    vi.advanceTimersByTime(199);
    expect(FakeWebSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(3);
    latest().open();
    expect(client.connection.get()).toBe('open');

    // A late answer on the old socket is ignored; the new socket's ids keep increasing.
    const c = client.listLabs();
    expect(latest().sent[0]!.id).toBeGreaterThan(2);
    latest().reply({ id: latest().sent[0]!.id, ok: true, result: [] });
    await expect(c).resolves.toEqual([]);
  });

  it('fans events out to every listener until they unsubscribe', () => {
    make();
    latest().open();
    const a: EngineEvent[] = [];
    const b: EngineEvent[] = [];
    const offA = client.onEvent((e) => a.push(e));
    client.onEvent((e) => b.push(e));
    const event: EngineEvent = {
      type: 'run',
      event: { kind: 'phase', phase: 'building', runId: 'run-1', seq: 1, t: 1 },
    };
    latest().reply({ event });
    offA();
    latest().reply({ event: { ...event, event: { ...event.event, seq: 2 } } });
    expect(a).toEqual([event]);
    expect(b).toHaveLength(2);
  });

  it('keeps delivering to other listeners when one throws, and ignores garbage frames', () => {
    make();
    latest().open();
    const got: EngineEvent[] = [];
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    client.onEvent(() => {
      throw new Error('boom');
    });
    client.onEvent((e) => got.push(e));
    latest().onmessage?.({ data: 'not json' });
    latest().reply({
      event: { type: 'run', event: { kind: 'error', message: 'x', runId: 'r', seq: 1, t: 1 } },
    });
    expect(got).toHaveLength(1);
    expect(err).toHaveBeenCalled();
    err.mockRestore();
    warn.mockRestore();
  });

  it('dispose closes the socket, rejects pending calls and stops reconnecting', async () => {
    make();
    latest().open();
    const p = client.listRuns();
    const ws = latest();
    client.dispose();
    await expect(p).rejects.toBeInstanceOf(ConnectionClosedError);
    expect(ws.closedByClient).toBe(true);
    ws.drop();
    vi.advanceTimersByTime(10_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(client.connection.get()).toBe('closed');
  });
});
