import { lazy, Suspense, useState } from 'react';
import { NodeLogs } from './node-logs';
import type { NodeInfo } from './scenario-nodes';

/** xterm.js (about a third of the bundle) loads with the first console opened. */
const NodeConsole = lazy(() => import('./node-console').then((m) => ({ default: m.NodeConsole })));

/**
 * A tab per node: its console (a real shell) and its log. A console opened
 * once stays open while other tabs are shown, until closed or the view goes.
 */
export function NodeHands({
  runId,
  nodes,
  enabled,
}: {
  runId: string;
  nodes: NodeInfo[];
  /** Consoles and logs need running containers. */
  enabled: boolean;
}) {
  const [selected, setSelected] = useState<string | null>(null);
  const [opened, setOpened] = useState<string[]>([]);
  const select = (node: string) => {
    setSelected((cur) => (cur === node ? null : node));
    setOpened((o) => (o.includes(node) ? o : [...o, node]));
  };
  const close = (node: string) => {
    setOpened((o) => o.filter((n) => n !== node));
    setSelected((cur) => (cur === node ? null : cur));
  };
  return (
    <section className="node-hands" data-testid="node-hands">
      <h3 className="section-title">Consoles and logs</h3>
      {!enabled ? (
        <p className="muted">Consoles and logs are available while the lab runs.</p>
      ) : (
        <>
          <div className="tabs" role="tablist" aria-label="nodes">
            {nodes.map((n) => (
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
            {selected === null && (
              <span className="muted small">Pick a node for a shell and its log.</span>
            )}
          </div>
          <div className="hands-body">
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
                  />
                </Suspense>
              ))}
            </div>
            {selected && <NodeLogs key={selected} runId={runId} node={selected} />}
          </div>
        </>
      )}
    </section>
  );
}
