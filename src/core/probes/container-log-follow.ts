import type { Readable } from 'node:stream';
import type { ContainerRuntime } from '../runtime/container-runtime';

/** A node whose container output is followed. */
export interface FollowedNode {
  name: string;
  containerId: string;
}

/** A running follow of several containers' output. */
export interface LogFollow {
  close(): void;
}

/**
 * Follows the output (`docker logs`, stdout and stderr) of each node's
 * container from now on and hands every line to `onLine` with the time the
 * engine read it (ms since epoch). A container that stops or restarts ends
 * its stream; the follow reopens it every `retryMs` from the last line seen,
 * so a restarted node is followed again. Lines in the same millisecond as the
 * last one seen may come twice after a reopen: callers filter repeats.
 */
export function followContainerLines(
  runtime: ContainerRuntime,
  nodes: readonly FollowedNode[],
  onLine: (node: string, line: string, t: number) => void,
  retryMs = 1000,
): LogFollow {
  let closed = false;
  const streams = new Set<Readable>();
  const follow = async (node: FollowedNode, sinceMs: number): Promise<void> => {
    let seen = sinceMs;
    while (!closed) {
      try {
        const stream = await runtime.logs(node.containerId, { follow: true, sinceMs: seen });
        streams.add(stream);
        if (closed) stream.destroy();
        for await (const chunk of stream) {
          if (closed) break;
          seen = Date.now();
          onLine(node.name, String(chunk), seen);
        }
        streams.delete(stream);
      } catch {
        // The container is gone or Docker hiccuped: try again shortly.
      }
      if (!closed) await new Promise((r) => setTimeout(r, retryMs));
    }
  };
  const now = Date.now();
  for (const n of nodes) void follow(n, now);
  return {
    close() {
      closed = true;
      for (const s of streams) s.destroy();
      streams.clear();
    },
  };
}
