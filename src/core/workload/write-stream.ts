import type { WriteRecord } from '../../shared/scenario-types';
import type { ContainerRuntime } from '../runtime/container-runtime';
import type { WorkloadStatus } from '../../workload/write-loop';

export type { WorkloadStatus };

/** How often buffered records are handed over, ms. */
export const WRITE_BATCH_INTERVAL_MS = 250;
/** How long stop() waits for the log stream of an exited client to end, ms. */
const END_GRACE_MS = 2000;

export interface WriteFollower {
  /** Resolves once the log stream has ended (the container exited) and the last batch was handed over. */
  readonly ended: Promise<void>;
  /**
   * Stops following and hands over what is buffered. When the container is no
   * longer running (stop it first: the client drains on SIGTERM), waits up to
   * 2 s for the log stream to deliver its last lines and end; while it runs,
   * stops at once (lines printed later are not read).
   */
  stop(): Promise<void>;
}

export interface FollowWritesOptions {
  /** Only log lines from this time on (ms since epoch); default: the container's whole output. */
  sinceMs?: number;
  /** Flush interval, ms (default 250). */
  batchMs?: number;
}

/**
 * Follows a workload client's stdout through the runtime port and hands its
 * write records over in batches (every `batchMs`, and once more at the end).
 * Lines that are not the client's JSON (stderr messages, partial lines) are
 * ignored.
 */
export async function followWrites(
  runtime: ContainerRuntime,
  containerId: string,
  onBatch: (records: WriteRecord[]) => void,
  onStatus?: (status: WorkloadStatus) => void,
  opts: FollowWritesOptions = {},
): Promise<WriteFollower> {
  const stream = await runtime.logs(containerId, {
    follow: true,
    ...(opts.sinceMs ? { sinceMs: opts.sinceMs } : {}),
  });
  let buffer: WriteRecord[] = [];
  const flush = (): void => {
    if (buffer.length === 0) return;
    const records = buffer;
    buffer = [];
    onBatch(records);
  };
  const timer = setInterval(flush, opts.batchMs ?? WRITE_BATCH_INTERVAL_MS);
  let finished = false;
  let resolveEnded: () => void = () => undefined;
  const ended = new Promise<void>((r) => (resolveEnded = r));
  const finish = (): void => {
    if (finished) return;
    finished = true;
    clearInterval(timer);
    flush();
    resolveEnded();
  };

  stream.on('data', (chunk: unknown) => {
    const line = parseWorkloadLine(String(chunk));
    if (!line) return;
    if (line.type === 'write') buffer.push(line.record);
    else onStatus?.(line.status);
  });
  stream.once('end', finish);
  stream.once('close', finish);
  stream.once('error', finish);

  return {
    ended,
    async stop() {
      if (!finished) {
        // A client that has exited (stopped: it drained on SIGTERM) may still have its last
        // lines in the log stream: let the stream end by itself before cutting it.
        const info = await runtime.inspectContainer(containerId).catch(() => undefined);
        if (!info || (info.state !== 'running' && info.state !== 'paused')) {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([ended, new Promise((r) => (timer = setTimeout(r, END_GRACE_MS)))]);
          clearTimeout(timer);
        }
      }
      stream.destroy();
      finish();
    },
  };
}

export type WorkloadLine =
  { type: 'write'; record: WriteRecord } | { type: 'status'; status: WorkloadStatus };

const OUTCOMES = new Set(['ack', 'fail', 'timeout']);

/** One line of a client's output, or undefined when it is not one of its JSON lines. */
export function parseWorkloadLine(line: string): WorkloadLine | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (o === null || typeof o !== 'object') return undefined;
  if (o.type === 'write') {
    if (
      typeof o.client !== 'string' ||
      typeof o.seq !== 'number' ||
      typeof o.key !== 'string' ||
      typeof o.node !== 'string' ||
      typeof o.sentAt !== 'number' ||
      typeof o.doneAt !== 'number' ||
      !OUTCOMES.has(o.outcome as string)
    ) {
      return undefined;
    }
    const record: WriteRecord = {
      client: o.client,
      seq: o.seq,
      key: o.key,
      node: o.node,
      sentAt: o.sentAt,
      doneAt: o.doneAt,
      outcome: o.outcome as WriteRecord['outcome'],
      ...(typeof o.error === 'string' ? { error: o.error } : {}),
      ...(typeof o.warning === 'string' ? { warning: o.warning } : {}),
      ...(typeof o.via === 'string' ? { via: o.via } : {}),
      ...(typeof o.token === 'number' && Number.isSafeInteger(o.token) ? { token: o.token } : {}),
      ...(typeof o.shared === 'string' ? { shared: o.shared } : {}),
      ...(typeof o.stamp === 'number' && Number.isFinite(o.stamp) ? { stamp: o.stamp } : {}),
      ...(o.superseded === true ? { superseded: true } : {}),
    };
    return { type: 'write', record };
  }
  if (o.type === 'status' && typeof o.client === 'string') {
    const { type: _type, ...status } = o;
    return { type: 'status', status: status as unknown as WorkloadStatus };
  }
  return undefined;
}
