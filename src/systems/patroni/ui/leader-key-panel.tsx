import type { ProbeSample } from '../../../shared/lab-types';
import { leaderKeyOf, leaderKeyViews, primariesOf } from './patroni-data';

/** The tell-strip chip: who holds the leader key in etcd, and how much of its lease is left. */
export function LeaderKeyChip({ sample }: { sample: ProbeSample | undefined }) {
  const key = leaderKeyOf(sample);
  return (
    <span
      className={`tell-chip${key ? '' : ' tell-bad'}`}
      data-testid="leader-key"
      data-holder={key?.holder ?? ''}
      data-ttl={key?.ttlSeconds ?? ''}
      title="The Patroni leader key in etcd: its holder is the leader Patroni agreed on"
    >
      Leader key{' '}
      {key ? (
        <>
          <strong className="mono">{key.holder}</strong>{' '}
          <span className="mono">· {key.ttlSeconds} s left</span>
        </>
      ) : (
        <strong className="mono">none</strong>
      )}
    </span>
  );
}

/**
 * What each etcd member says of the leader key (holder, lease left), and the
 * tell: a primary that does not hold the key is serving outside Patroni's
 * control.
 */
export function LeaderKeyPanel({ sample }: { sample: ProbeSample | undefined }) {
  const views = leaderKeyViews(sample);
  const key = leaderKeyOf(sample);
  const rogue = key
    ? primariesOf(sample)
        .map((p) => p.node)
        .filter((n) => n !== key.holder)
    : [];
  return (
    <section
      className={`panel leader-key${rogue.length > 0 ? ' diverged' : ''}`}
      data-testid="leader-key-panel"
      data-holder={key?.holder ?? ''}
      data-ttl={key?.ttlSeconds ?? ''}
      data-rogue={rogue.join(',')}
    >
      <div className="panel-title">
        <h3>Leader key (etcd)</h3>
        {rogue.length > 0 && (
          <span className="tell-alert small" data-testid="rogue-primaries">
            {rogue.join(', ')} {rogue.length === 1 ? 'is' : 'are'} primary without the key
          </span>
        )}
      </div>
      {views.length === 0 ? (
        <p className="muted">No etcd member probed yet.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>etcd member</th>
              <th>Key holder</th>
              <th>Lease left</th>
            </tr>
          </thead>
          <tbody>
            {views.map((v) => (
              <tr
                key={v.member}
                data-testid={`leader-key-${v.member}`}
                data-holder={v.holder ?? ''}
              >
                <td className="mono">{v.member}</td>
                <td className="mono">
                  {!v.answered ? 'no answer' : v.holder ? v.holder : 'no key (no leader)'}
                </td>
                <td className="mono">{v.ttlSeconds !== undefined ? `${v.ttlSeconds} s` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
