import { lazy, Suspense, useState } from 'react';
import { NodeLogs } from './node-logs';
import type { NodeInfo } from './scenario-nodes';

/** xterm.js (about a third of the bundle) loads with the first console opened. */
const NodeConsole = lazy(() => import('./node-console').then((m) => ({ default: m.NodeConsole })));

/**
 * A tab per node: its console (a real shell), filling the height it is
 * given, and on demand its log below it. A console opened once stays open
 * while other tabs are shown, until closed or the view goes.
 */
export function NodeHands({
  runId,
  nodes,
  enabled,
  onSelect,
  shellHint,
}: {
  runId: string;
  nodes: NodeInfo[];
  /** Consoles and logs need running containers. */
  enabled: boolean;
  /** Called with the node whose tab was picked (the palette follows it). */
  onSelect?: (node: string) => void;
  /** What the shell offers, shown in the console's title (e.g. `real shell: redis-cli, ip`). */
  shellHint?: string;
}) {
  const [selected, setSelected] = useState<string | null>(null);
  const [opened, setOpened] = useState<string[]>([]);
  const [showLog, setShowLog] = useState(false);
  const select = (node: string) => {
    setSelected((cur) => (cur === node ? null : node));
    setOpened((o) => (o.includes(node) ? o : [...o, node]));
    onSelect?.(node);
  };
  const close = (node: string) => {
    setOpened((o) => o.filter((n) => n !== node));
    setSelected((cur) => (cur === node ? null : cur));
  };
  return (
    <section
      className="node-hands"
      data-testid="node-hands"
      data-selected={selected ?? ''}
      data-log={showLog ? 'shown' : 'hidden'}
    >
      <div className="tabs" role="tablist" aria-label="consoles">
        <span className="tabs-label">Consoles</span>
        {enabled &&
          nodes.map((n) => (
            <button
              key={n.name}
              type="button"
              role="tab"
              aria-selected={selected === n.name}
              className={`tab mono${selected === n.name ? ' tab-active' : ''}${
                opened.includes(n.name) ? ' tab-open' : ''
              }`}
              data-testid={`console-tab-${n.name}`}
              onClick={() => select(n.name)}
            >
              {n.name}
            </button>
          ))}
      </div>
      {!enabled ? (
        <p className="muted hands-empty">Consoles and logs are available while the lab runs.</p>
      ) : (
        <div className="hands-body">
          {selected === null && (
            <p className="muted hands-empty" data-testid="console-placeholder">
              Pick a node above for a real shell in it (and its log).
            </p>
          )}
          <div className="consoles">
            {opened.map((node) => (
              <Suspense
                key={node}
                fallback={
                  selected === node && (
                    <section
                      className="panel node-console"
                      data-testid={`console-${node}`}
                      data-status="loading"
                    >
                      <p className="muted">Loading the terminal…</p>
                    </section>
                  )
                }
              >
                <NodeConsole
                  runId={runId}
                  node={node}
                  visible={selected === node}
                  onClose={() => close(node)}
                  {...(shellHint !== undefined ? { hint: shellHint } : {})}
                  actions={
                    <button
                      type="button"
                      className="btn btn-small"
                      aria-pressed={showLog}
                      data-testid={`toggle-logs-${node}`}
                      onClick={() => setShowLog((s) => !s)}
                    >
                      {showLog ? 'Hide log' : 'Show log'}
                    </button>
                  }
                />
              </Suspense>
            ))}
          </div>
          {selected && showLog && <NodeLogs key={selected} runId={runId} node={selected} />}
        </div>
      )}
    </section>
  );
}
