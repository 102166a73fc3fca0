import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { WriteRecord } from '../../shared/scenario-types';
import type { ContainerRuntime } from '../runtime/container-runtime';
import { followWrites, parseWorkloadLine, type WorkloadStatus } from './write-stream';

const record: WriteRecord = {
  client: 'app',
  seq: 1,
  key: 'dojo:w:app:000001',
  node: 'redis-1',
  sentAt: 1,
  doneAt: 3,
  outcome: 'ack',
};
const line = (r: Partial<WriteRecord> = {}): string =>
  JSON.stringify({ type: 'write', ...record, ...r });

describe('parseWorkloadLine', () => {
  it('reads write and status lines, ignores everything else', () => {
    expect(parseWorkloadLine(line())).toEqual({ type: 'write', record });
    expect(parseWorkloadLine(`  ${line({ outcome: 'fail', error: 'READONLY x' })}\r`)).toEqual({
      type: 'write',
      record: { ...record, outcome: 'fail', error: 'READONLY x' },
    });
    // an HTTP client's request keeps the MAC it went to
    const http = { node: 'router-2', via: '02:42:0a:d6:03:0c' };
    expect(parseWorkloadLine(line(http))).toEqual({
      type: 'write',
      record: { ...record, ...http },
    });
    // a lock worker's write keeps its fencing token; a token that is no integer is dropped
    expect(parseWorkloadLine(line({ token: 34 }))).toEqual({
      type: 'write',
      record: { ...record, token: 34 },
    });
    expect(parseWorkloadLine(line({ token: '34' } as never))).toEqual({ type: 'write', record });
    // a shared-key write keeps its key, the node's stamp and whether last-write-wins dropped it
    const lww = { shared: 'dojo:s:003', stamp: 1_796_620_073_191, superseded: true };
    expect(parseWorkloadLine(line(lww))).toEqual({ type: 'write', record: { ...record, ...lww } });
    expect(parseWorkloadLine(line({ stamp: 'soon', superseded: 'yes' } as never))).toEqual({
      type: 'write',
      record,
    });
    expect(
      parseWorkloadLine(
        '{"type":"status","client":"app","mode":"pinned","connectedTo":null,"t":5}',
      ),
    ).toEqual({
      type: 'status',
      status: { client: 'app', mode: 'pinned', connectedTo: null, t: 5 },
    });
    for (const junk of [
      '',
      'workload app: mode sentinel, 20 writes/s',
      '{"type":"write","client":"app"', // cut short
      '{"type":"write","client":"app","seq":"1"}',
      line({ outcome: 'maybe' as WriteRecord['outcome'] }),
      '{"type":"other"}',
      'null',
      '[1,2]',
    ]) {
      expect(parseWorkloadLine(junk), junk).toBeUndefined();
    }
  });
});

describe('followWrites', () => {
  it('batches records every interval, reports statuses, flushes the rest at the end', async () => {
    const stream = new PassThrough({ objectMode: true });
    const runtime = {
      logs: async (_id: string, opts: { follow?: boolean }) => {
        expect(opts.follow).toBe(true);
        return stream;
      },
    } as unknown as ContainerRuntime;
    const batches: WriteRecord[][] = [];
    const statuses: WorkloadStatus[] = [];
    const f = await followWrites(
      runtime,
      'cid',
      (b) => batches.push(b),
      (s) => statuses.push(s),
      {
        batchMs: 50,
      },
    );
    stream.write(line({ seq: 1 }));
    stream.write('not json');
    stream.write(
      '{"type":"status","client":"app","mode":"sentinel","connectedTo":"redis-1","t":1}',
    );
    stream.write(line({ seq: 2 }));
    await new Promise((r) => setTimeout(r, 120));
    expect(batches.map((b) => b.map((r) => r.seq))).toEqual([[1, 2]]);
    expect(statuses).toEqual([{ client: 'app', mode: 'sentinel', connectedTo: 'redis-1', t: 1 }]);
    stream.write(line({ seq: 3 }));
    stream.end(line({ seq: 4 }));
    await f.ended;
    expect(batches.map((b) => b.map((r) => r.seq))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    await f.stop(); // after the end: harmless
    expect(batches).toHaveLength(2);
  });

  it('stop flushes what is buffered and stops reading', async () => {
    const stream = new PassThrough({ objectMode: true });
    const runtime = {
      logs: async () => stream,
      inspectContainer: async () => ({ state: 'running' }),
    } as unknown as ContainerRuntime;
    const batches: WriteRecord[][] = [];
    const f = await followWrites(runtime, 'cid', (b) => batches.push(b));
    stream.write(line({ seq: 7 }));
    await new Promise((r) => setImmediate(r));
    await f.stop();
    expect(batches).toEqual([[{ ...record, seq: 7 }]]);
    expect(stream.destroyed).toBe(true);
    await f.ended;
  });

  it('stop on an exited client waits for the last lines of its log stream', async () => {
    const stream = new PassThrough({ objectMode: true });
    const runtime = {
      logs: async () => stream,
      inspectContainer: async () => ({ state: 'exited' }),
    } as unknown as ContainerRuntime;
    const batches: WriteRecord[][] = [];
    const f = await followWrites(runtime, 'cid', (b) => batches.push(b));
    stream.write(line({ seq: 1 }));
    setTimeout(() => stream.end(line({ seq: 2 })), 100);
    await f.stop();
    expect(batches.flat().map((r) => r.seq)).toEqual([1, 2]);
  });
});
