import type { ProbeSample } from '../../../shared/lab-types';
import { formatInt } from '../../../renderer/src/format';
import {
  fenceOf,
  lockChipText,
  lockOf,
  withToken,
  zombiesOf,
  type LockBelief,
} from '../shared/lock-data';

/** The tell-strip chip: who holds the lock in etcd, with its fencing token. */
export function LockChip({ sample }: { sample: ProbeSample | undefined }) {
  const view = lockOf(sample);
  const lock = view?.reading;
  return (
    <span
      className={`tell-chip${view && !lock ? ' tell-bad' : ''}`}
      data-testid="lock-chip"
      data-holder={lock?.holder ?? ''}
      data-token={lock?.token ?? ''}
      title="The lock in etcd: its holder and fencing token (the revision etcd gave the put that took it). A new holder means the old one's lease ran out."
    >
      lock: <strong className="mono">{lockChipText(view)}</strong>
    </span>
  );
}

/**
 * The lock-holder tell: the lock as etcd-1 holds it (holder, fencing token,
 * lease left, the holder before it), storage's fence (its check, the highest
 * token it accepted, stale writes that got in), and what each worker
 * believes from its own words. Flagged: a worker that believes it holds the
 * lock while etcd names another holder (a zombie, if it writes), and stale
 * writes storage accepted.
 */
export function LockHolderPanel({
  sample,
  beliefs,
}: {
  sample: ProbeSample | undefined;
  /** Each worker's belief after its latest lock event. */
  beliefs: readonly LockBelief[];
}) {
  const lockView = lockOf(sample);
  const fenceView = fenceOf(sample);
  const lock = lockView?.reading;
  const fence = fenceView?.reading;
  const zombies = zombiesOf(beliefs, lock, sample?.t ?? 0);
  const stale = fence?.staleAccepted ?? 0;
  return (
    <section
      className={`panel lock-holder${zombies.length > 0 || stale > 0 ? ' diverged' : ''}`}
      data-testid="lock-holder"
      data-holder={lock?.holder ?? ''}
      data-token={lock?.token ?? ''}
      data-ttl={lock?.leaseTtlSeconds ?? ''}
      data-previous={lock?.previousHolder ?? ''}
      data-check={fence ? (fence.checkOn ? 'on' : 'off') : ''}
      data-highest={fence?.highest ?? ''}
      data-zombies={zombies.map((z) => z.worker).join(',')}
    >
      <div className="panel-title">
        <h3>Lock holder</h3>
        {zombies.map((z) => (
          <span key={z.worker} className="tell-alert small" data-testid="lock-zombie">
            {z.worker} still believes it holds the lock
            {z.token !== undefined ? ` with token ${z.token}` : ''}; etcd names{' '}
            {lock?.holder ? withToken(lock.holder, lock.token) : 'no holder'}
          </span>
        ))}
        {stale > 0 && (
          <span className="tell-alert small" data-testid="lock-stale-accepted">
            storage accepted {formatInt(stale)} stale write{stale === 1 ? '' : 's'}
          </span>
        )}
      </div>
      <table className="table compact">
        <tbody>
          <tr data-testid="lock-holder-etcd">
            <th scope="row" className="mono">
              {lockView?.node ?? 'etcd-1'}
            </th>
            <td>{lockText(lockView?.answered, lock, lockView?.error)}</td>
          </tr>
          <tr data-testid="lock-holder-storage">
            <th scope="row" className="mono">
              {fenceView?.node ?? 'storage'}
            </th>
            <td>{fenceText(fenceView?.answered, fence, fenceView?.error)}</td>
          </tr>
          {beliefs.map((b) => (
            <tr
              key={b.worker}
              data-testid={`lock-belief-${b.worker}`}
              data-holding={b.holding ? 'true' : 'false'}
              data-token={b.token ?? ''}
              className={zombies.includes(b) ? 'replid-diverged' : undefined}
            >
              <th scope="row" className="mono">
                {b.worker}
              </th>
              <td>
                {b.holding
                  ? `believes it holds the lock${b.token !== undefined ? ` with token ${b.token}` : ''}`
                  : 'holds no lock'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type LockReadingOf = NonNullable<ReturnType<typeof lockOf>>['reading'];
type FenceReadingOf = NonNullable<ReturnType<typeof fenceOf>>['reading'];

/** etcd-1's line: holder, token, lease left, previous holder; or why it is not known. */
function lockText(answered: boolean | undefined, lock: LockReadingOf, error?: string): string {
  if (answered === undefined) return 'not probed yet';
  if (!lock) return `unknown (${error ?? 'no answer'})`;
  const previous = lock.previousHolder
    ? ` · before: ${withToken(lock.previousHolder, lock.previousToken)}`
    : '';
  if (!lock.holder) return `lock free: no holder${previous}`;
  const lease = lock.leaseTtlSeconds !== undefined ? ` · lease ${lock.leaseTtlSeconds} s left` : '';
  return `held by ${withToken(lock.holder, lock.token)}${lease}${previous}`;
}

/** storage's line: its check, the highest token accepted, the last write; or why it is not known. */
function fenceText(answered: boolean | undefined, fence: FenceReadingOf, error?: string): string {
  if (answered === undefined) return 'not probed yet';
  if (!fence) return `unknown (${error ?? 'no answer'})`;
  const last = fence.lastWriter
    ? ` · last write ${withToken(fence.lastWriter, fence.lastToken)}`
    : '';
  return `fencing check ${fence.checkOn ? 'on' : 'off'} · highest token accepted ${fence.highest}${last}`;
}
