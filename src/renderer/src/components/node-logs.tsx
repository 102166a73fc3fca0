import { useEffect, useRef, useState } from 'react';
import { useStore } from '../store/react';

export const LOG_POLL_MS = 2000;
export const LOG_TAIL = 200;

/**
 * The last lines of a node's log (stdout + stderr), polled every 2 s while
 * this view is mounted and the page is visible. Stays scrolled to the end
 * unless the reader scrolled up.
 */
export function NodeLogs({ runId, node }: { runId: string; node: string }) {
  const store = useStore();
  const [lines, setLines] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const preRef = useRef<HTMLPreElement>(null);
  const stickRef = useRef(true);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let inFlight = false;
    const poll = async () => {
      timer = null;
      if (cancelled) return;
      if (typeof document !== 'undefined' && document.visibilityState === 'hidden') {
        timer = setTimeout(() => void poll(), LOG_POLL_MS);
        return;
      }
      if (!inFlight) {
        inFlight = true;
        try {
          const next = await store.getLogs(runId, node, LOG_TAIL);
          if (!cancelled) {
            setLines(next);
            setError(null);
          }
        } catch (err) {
          if (!cancelled) setError(err instanceof Error ? err.message : String(err));
        } finally {
          inFlight = false;
        }
      }
      if (!cancelled) timer = setTimeout(() => void poll(), LOG_POLL_MS);
    };
    void poll();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [store, runId, node]);

  useEffect(() => {
    const pre = preRef.current;
    if (pre && stickRef.current) pre.scrollTop = pre.scrollHeight;
  }, [lines]);

  return (
    <section
      className="panel node-logs"
      data-testid={`logs-${node}`}
      data-lines={lines?.length ?? 0}
    >
      <div className="panel-title">
        <h3>Log · {node}</h3>
        <span className="muted small">
          last {LOG_TAIL} lines, every {LOG_POLL_MS / 1000} s
        </span>
      </div>
      {error && <p className="error-box small">Could not read the log: {error}</p>}
      <pre
        ref={preRef}
        className="log-text mono"
        onScroll={(e) => {
          const el = e.currentTarget;
          stickRef.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {lines === null ? 'Loading…' : lines.length === 0 ? '(empty)' : lines.join('\n')}
      </pre>
    </section>
  );
}
