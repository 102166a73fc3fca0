import { memo, useState } from 'react';
import type { Action, ScenarioSystem } from '../../../shared/scenario-schema';
import { formatClock, formatOffset } from '../format';
import { useStore } from '../store/react';
import { actionLabel, type ActionEntry, type LiveFaultWindow } from '../store/scenario-state';
import { movesFor, type NodeMove } from './palette-moves';
import type { NodeInfo } from './scenario-nodes';

interface LastResult {
  label: string;
  ok: boolean;
  detail: string;
}

/**
 * The fencing and recovery moves of a scenario run. Each button calls act()
 * with one Action; the engine's answer is shown, and the action itself comes
 * back as an `action` event into the timeline.
 */
export const ActionPalette = memo(function ActionPalette({
  runId,
  system = 'redis-sentinel',
  nodes,
  activeFaults,
  instructorFaults,
  enabled,
  disabledReason,
}: {
  runId: string;
  /** Patroni adds the cluster-wide moves (maintenance mode, switchover, failover). */
  system?: ScenarioSystem;
  nodes: NodeInfo[];
  activeFaults: LiveFaultWindow[];
  /** Faults of the scenario fired only on an instructor trigger. */
  instructorFaults: { id: string; kind: string }[];
  enabled: boolean;
  disabledReason?: string;
}) {
  const store = useStore();
  const [pending, setPending] = useState<ReadonlySet<string>>(() => new Set());
  const [last, setLast] = useState<LastResult | null>(null);

  const run = async (key: string, action: Action) => {
    setPending((p) => new Set(p).add(key));
    const result = await store.act(runId, action);
    setPending((p) => {
      const next = new Set(p);
      next.delete(key);
      return next;
    });
    setLast({ label: actionLabel(action), ok: result.ok, detail: result.detail });
  };

  const button = (
    key: string,
    action: Action,
    label: string,
    title: string,
    tone?: NodeMove['tone'] | 'primary',
  ) => (
    <button
      key={key}
      type="button"
      className={`btn btn-small move${tone ? ` move-${tone}` : ''}`}
      data-testid={key}
      disabled={!enabled || pending.has(key)}
      title={enabled ? title : (disabledReason ?? title)}
      onClick={() => void run(key, action)}
    >
      {pending.has(key) ? `${label}…` : label}
    </button>
  );

  const openIds = [...new Set(activeFaults.map((f) => f.faultId))];
  const candidates = nodes.filter((n) => n.kind === 'postgres').map((n) => n.name);

  return (
    <section
      className="panel action-palette"
      data-testid="action-palette"
      data-enabled={enabled ? 'true' : 'false'}
    >
      <div className="panel-title">
        <h3>Your hands</h3>
        {!enabled && disabledReason && <span className="muted small">{disabledReason}</span>}
      </div>
      <div className="palette-global">
        {button(
          'action-heal',
          { kind: 'heal' },
          'Heal all faults',
          'Revert every active fault',
          'safe',
        )}
        {openIds.map((id) =>
          button(
            `action-heal-${id}`,
            { kind: 'heal', fault: id },
            `Heal ${id}`,
            `Revert the fault ${id}`,
            'safe',
          ),
        )}
        {instructorFaults.map((f) =>
          button(
            `action-trigger-fault-${f.id}`,
            { kind: 'trigger-fault', fault: f.id },
            `Trigger ${f.id}`,
            `Instructor: fire the ${f.kind} fault ${f.id} now`,
          ),
        )}
        <span className="spacer" />
        {button(
          'action-end',
          { kind: 'end' },
          'End scenario',
          'End now: final health, ledger read-back and grade',
          'primary',
        )}
      </div>
      {system === 'patroni' && (
        <div className="palette-cluster" data-testid="palette-cluster">
          <span className="move-group">
            {button(
              'action-maintenance-on',
              { kind: 'maintenance-on' },
              'Maintenance on',
              'patronictl pause: Patroni stops acting on the cluster (no failover, no demotion)',
            )}
            {button(
              'action-maintenance-off',
              { kind: 'maintenance-off' },
              'Maintenance off',
              'patronictl resume: Patroni acts on the cluster again',
              'safe',
            )}
          </span>
          <span className="move-group">
            {candidates.map((c) =>
              button(
                `action-switchover-${c}`,
                { kind: 'switchover', candidate: c },
                `Switchover to ${c}`,
                `Planned switchover of the leader role to ${c} (needs a healthy leader)`,
              ),
            )}
          </span>
          <span className="move-group">
            {candidates.map((c) =>
              button(
                `action-failover-${c}`,
                { kind: 'failover', candidate: c },
                `Failover to ${c}`,
                `Failover to ${c} (works without a healthy leader)`,
                'danger',
              ),
            )}
          </span>
        </div>
      )}
      <table className="palette-nodes">
        <tbody>
          {nodes.map((n) => (
            <tr key={n.name} data-testid={`palette-node-${n.name}`} data-kind={n.kind}>
              <th scope="row" className="mono">
                {n.name}
              </th>
              <td>
                <div className="move-groups">
                  {movesFor(n.kind).map((group, gi) => (
                    <span key={gi} className="move-group">
                      {group.map((m) =>
                        button(
                          `action-${m.kind}-${n.name}`,
                          { kind: m.kind, node: n.name },
                          m.label,
                          m.title,
                          m.tone,
                        ),
                      )}
                    </span>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {last && (
        <p
          className={`action-result ${last.ok ? 'ok' : 'bad'}`}
          data-testid="action-result"
          data-ok={last.ok ? 'true' : 'false'}
          role="status"
        >
          <span className="mono">{last.label}</span>: {last.detail || (last.ok ? 'done' : 'failed')}
        </p>
      )}
    </section>
  );
});

/** The trainee's actions and console command lines, newest first. */
export const ActionTimeline = memo(function ActionTimeline({
  entries,
  t0,
}: {
  entries: ActionEntry[];
  t0: number;
}) {
  const shown = entries.slice().reverse();
  return (
    <section className="panel action-timeline" data-testid="action-timeline">
      <div className="panel-title">
        <h3>What you did</h3>
        <span className="muted small">
          {entries.length === 0 ? 'nothing yet' : 'actions and console commands, newest first'}
        </span>
      </div>
      {shown.length > 0 && (
        <ul className="event-list">
          {shown.map((e) => (
            <li
              key={e.seq}
              data-testid="timeline-action"
              data-kind={e.kind}
              data-ok={e.ok ? 'true' : 'false'}
              className={e.ok ? undefined : 'ev-bad'}
            >
              <span className="mono muted" title={formatClock(e.t)}>
                {formatOffset(e.t, t0)}
              </span>
              <span className="chip small">{e.source}</span>
              <span className="mono">{e.label}</span>
              {e.detail && <span className="muted msg">{e.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});
