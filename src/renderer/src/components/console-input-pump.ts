/**
 * Keystrokes for one console, delivered in order with at most one call in flight.
 *
 * xterm.js hands over each keystroke (or a paste) as it happens; sending each as its own
 * call lets a fast typist, a paste or a busy engine pile up calls until the transport
 * refuses them (the web host allows 32 in flight per socket) and characters go missing.
 * The pump sends what it has, and whatever arrives meanwhile waits and goes in the next
 * call, joined, so nothing is dropped or reordered however slow the engine is.
 */
export interface ConsoleInputPump {
  /** Queues `data` (any length) behind what is already queued or in flight. */
  push(data: string): void;
  /** Characters queued but not yet handed to `send`. */
  readonly waiting: number;
  /** Stops sending; what is still queued is dropped. */
  dispose(): void;
}

/**
 * @param send delivers one chunk; resolves once the engine took it.
 * @param onError told once per failed chunk (the chunk is not retried: a shell must not
 *   run a line twice).
 * @param chunk the most characters per call (the engine contract's limit).
 */
export function consoleInputPump(
  send: (data: string) => Promise<void>,
  onError: (err: unknown) => void,
  chunk: number,
): ConsoleInputPump {
  let queued = '';
  let busy = false;
  let disposed = false;
  const pump = () => {
    if (busy || disposed || queued === '') return;
    const data = queued.slice(0, chunk);
    queued = queued.slice(data.length);
    busy = true;
    send(data).then(
      () => {
        busy = false;
        pump();
      },
      (err: unknown) => {
        busy = false;
        if (!disposed) onError(err);
        pump();
      },
    );
  };
  return {
    push(data) {
      if (disposed || data === '') return;
      queued += data;
      pump();
    },
    get waiting() {
      return queued.length;
    },
    dispose() {
      disposed = true;
      queued = '';
    },
  };
}
