import type { LedgerCounts } from '../../../shared/scenario-types';
import { formatInt } from '../format';

function share(n: number, of: number): string {
  return of > 0 ? `${Math.round((n / of) * 100)}%` : '—';
}

/**
 * The debrief's ledger of a system whose ledger counts answers
 * (SystemTraits.ledger `answers`): requests through the VIP, how many each
 * router answered, how many failed (e.g. a reset keep-alive connection) or
 * timed out. There is no data to read back, so no lost keys.
 */
export function RequestLedgerSummary({ ledger }: { ledger: LedgerCounts }) {
  const answeredBy = Object.entries(ledger.answeredBy ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const counters: [string, string, number][] = [
    ['attempts', 'requests', ledger.attempts],
    ['acked', 'answered', ledger.acked],
    ['failed', 'failed', ledger.failed],
    ['indeterminate', 'timed out', ledger.indeterminate],
  ];
  return (
    <section
      className="panel ledger-summary"
      data-testid="ledger-summary"
      data-ledger="answers"
      data-attempts={ledger.attempts}
      data-acked={ledger.acked}
      data-failed={ledger.failed}
      data-indeterminate={ledger.indeterminate}
    >
      <div className="panel-title">
        <h3>Request ledger</h3>
        <span className="muted small">requests through the VIP; nothing to read back</span>
      </div>
      <dl className="counters">
        {counters.map(([key, label, value]) => (
          <div key={key} className={`counter counter-${key}`}>
            <dt>{label}</dt>
            <dd className="mono">{formatInt(value)}</dd>
          </div>
        ))}
      </dl>
      {answeredBy.length > 0 ? (
        <table className="table compact answered-by">
          <thead>
            <tr>
              <th>Answered by</th>
              <th>Requests</th>
              <th>Share</th>
            </tr>
          </thead>
          <tbody>
            {answeredBy.map(([node, n]) => (
              <tr key={node} data-testid={`answered-by-${node}`} data-count={n}>
                <td className="mono">{node}</td>
                <td className="mono">{formatInt(n)}</td>
                <td className="mono">{share(n, ledger.acked)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No request was answered.</p>
      )}
    </section>
  );
}
