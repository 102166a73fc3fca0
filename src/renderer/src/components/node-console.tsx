import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useStore } from '../store/react';
import { consoleInputPump, type ConsoleInputPump } from './console-input-pump';

/** consoleInput takes at most this many characters per call (engine-contract). */
const INPUT_CHUNK = 16_384;
const clampDim = (n: number) => Math.max(2, Math.min(1000, Math.floor(n) || 2));

type ConsoleStatus = 'opening' | 'open' | 'exited' | 'error';

/**
 * An interactive shell in one node (docker exec TTY) in an xterm.js terminal.
 * Opens the console on mount, writes its output as it arrives, sends
 * keystrokes and size changes, and closes it on unmount. Kept mounted while
 * hidden (another tab) so the shell survives tab switches; `visible` refits.
 */
export function NodeConsole({
  runId,
  node,
  visible,
  onClose,
  hint = 'real shell',
  actions,
}: {
  runId: string;
  node: string;
  visible: boolean;
  onClose?: () => void;
  /** What the shell offers, shown once it is open (e.g. `real shell: redis-cli, ip`). */
  hint?: string;
  /** More buttons for the console's title bar (before Close). */
  actions?: ReactNode;
}) {
  const store = useStore();
  const hostRef = useRef<HTMLDivElement>(null);
  const fitRef = useRef<(() => void) | null>(null);
  const [status, setStatus] = useState<ConsoleStatus>('opening');
  const [message, setMessage] = useState('');
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let disposed = false;
    let consoleId: string | null = null;
    let exited = false;
    let unsubscribe = () => {};
    let resizeTimer: ReturnType<typeof setTimeout> | null = null;
    setStatus('opening');
    setMessage('');

    const term = new Terminal({
      fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace",
      fontSize: 12,
      cursorBlink: true,
      scrollback: 2000,
      theme: { background: '#0b0e13', foreground: '#d6dbe3', cursor: '#38bdf8' },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host);
    const doFit = () => {
      try {
        fit.fit();
      } catch {
        // Not laid out (hidden tab): the next visible refit sizes it.
      }
    };
    doFit();
    fitRef.current = doFit;

    // Typed before the console opened waits here; then one pump per console keeps the
    // keystrokes in order with one call in flight (a paste or a busy engine loses nothing).
    const queued: string[] = [];
    let pump: ConsoleInputPump | null = null;
    const dataSub = term.onData((data) => {
      if (exited) return;
      if (pump) pump.push(data);
      else queued.push(data);
    });
    const resizeSub = term.onResize(({ cols, rows }) => {
      if (!consoleId || exited) return;
      const id = consoleId;
      if (resizeTimer) clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        store.resizeConsole(id, clampDim(cols), clampDim(rows)).catch(() => {});
      }, 100);
    });
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(doFit) : null;
    observer?.observe(host);

    store.openConsole(runId, node, clampDim(term.cols), clampDim(term.rows)).then(
      (id) => {
        if (disposed) {
          store.closeConsole(id).catch(() => {});
          return;
        }
        consoleId = id;
        setStatus('open');
        unsubscribe = store.onConsole(id, {
          data: (d) => term.write(d),
          exit: (code) => {
            exited = true;
            term.write(
              `\r\n\x1b[33m[shell ended${code >= 0 ? ` with code ${code}` : ': the node went away'}]\x1b[0m\r\n`,
            );
            setStatus('exited');
          },
        });
        pump = consoleInputPump(
          (data) => store.consoleInput(id, data),
          (err) => {
            if (!disposed)
              term.write(`\r\n\x1b[31m[input not delivered: ${errorText(err)}]\x1b[0m\r\n`);
          },
          INPUT_CHUNK,
        );
        for (const d of queued.splice(0)) pump.push(d);
      },
      (err: unknown) => {
        if (disposed) return;
        setStatus('error');
        setMessage(errorText(err));
        term.write(`\x1b[31m[could not open a console in ${node}: ${errorText(err)}]\x1b[0m\r\n`);
      },
    );

    return () => {
      disposed = true;
      if (resizeTimer) clearTimeout(resizeTimer);
      observer?.disconnect();
      unsubscribe();
      dataSub.dispose();
      pump?.dispose();
      resizeSub.dispose();
      if (consoleId && !exited) store.closeConsole(consoleId).catch(() => {});
      fitRef.current = null;
      term.dispose();
    };
  }, [store, runId, node, generation]);

  useEffect(() => {
    if (visible) fitRef.current?.();
  }, [visible]);

  return (
    <section
      className="panel node-console"
      data-testid={`console-${node}`}
      data-status={status}
      hidden={!visible}
    >
      <div className="panel-title">
        <h3>Console · {node}</h3>
        <span className={`muted small console-status-${status}`}>
          {status === 'opening'
            ? 'opening a shell…'
            : status === 'open'
              ? hint
              : status === 'exited'
                ? 'shell ended'
                : message}
        </span>
        <span className="spacer" />
        {(status === 'exited' || status === 'error') && (
          <button
            type="button"
            className="btn btn-small"
            data-testid={`reopen-console-${node}`}
            onClick={() => setGeneration((g) => g + 1)}
          >
            Open again
          </button>
        )}
        {actions}
        {onClose && (
          <button
            type="button"
            className="btn btn-small"
            data-testid={`close-console-${node}`}
            onClick={onClose}
          >
            Close
          </button>
        )}
      </div>
      <div ref={hostRef} className="terminal-host" />
    </section>
  );
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
