import type { ProbeSample } from '../../../shared/lab-types';
import { arpAnswers, vipClientOf, vipHolders } from './keepalived-data';
import { formatOffset } from '../../../renderer/src/format';
import type { NeighbourFlips } from './vip-neighbour';

/** What the client's neighbour entry for the VIP says now, with the router its MAC belongs to. */
function neighbourOf(sample: ProbeSample | undefined) {
  const client = vipClientOf(sample);
  if (!client || client.role !== 'client') return { answered: false as const };
  const nb = client.vipNeighbour;
  return {
    answered: true as const,
    client: client.node,
    mac: nb?.mac,
    router: nb?.mac ? nb.node : undefined,
    state: nb?.state,
    http: client.vipHttpResponder,
  };
}

function flipsText(flips: NeighbourFlips | undefined, t0: number): string {
  if (!flips || flips.flips === 0) return 'never moved';
  const last =
    flips.lastFlipAt !== undefined ? `, last at ${formatOffset(flips.lastFlipAt, t0)}` : '';
  return `moved ${flips.flips} time${flips.flips === 1 ? '' : 's'}${last}`;
}

/** The tell-strip chip: where the client's ARP entry for the VIP points, and how often it moved. */
export function NeighbourChip({
  sample,
  flips,
}: {
  sample: ProbeSample | undefined;
  flips: NeighbourFlips | undefined;
}) {
  const nb = neighbourOf(sample);
  const moved = flips?.flips ?? 0;
  return (
    <span
      className={`tell-chip${moved > 0 ? ' tell-bad' : ''}`}
      data-testid="neighbour-chip"
      data-router={nb.answered ? (nb.router ?? '') : ''}
      data-flips={moved}
      title="The client's neighbour (ARP) entry for the VIP: the router its traffic goes to"
    >
      VIP → <strong className="mono">{nb.answered ? (nb.router ?? nb.mac ?? 'none') : '?'}</strong>{' '}
      <span className="mono">
        · {moved} flip{moved === 1 ? '' : 's'}
      </span>
    </span>
  );
}

/**
 * The client's view of the VIP (the switch's view): its neighbour entry (MAC
 * → router, kernel state), how often the entry moved, the MACs answering ARP
 * for the VIP now, and the router that answered its last GET. An entry that
 * points at a router without the VIP is flagged: its traffic goes to the
 * wrong box until a gratuitous ARP moves it.
 */
export function VipNeighbourPanel({
  sample,
  flips,
  t0,
}: {
  sample: ProbeSample | undefined;
  flips: NeighbourFlips | undefined;
  t0: number;
}) {
  const nb = neighbourOf(sample);
  const answers = arpAnswers(sample);
  const holders = vipHolders(sample);
  const stale =
    nb.answered && nb.router !== undefined && holders.length > 0 && !holders.includes(nb.router);
  const twoMacs = (answers?.length ?? 0) > 1;
  return (
    <section
      className={`panel vip-neighbour${twoMacs || stale ? ' diverged' : ''}`}
      data-testid="vip-neighbour-panel"
    >
      <div className="panel-title">
        <h3>The client&apos;s ARP entry for the VIP</h3>
        {twoMacs && (
          <span className="tell-alert small" data-testid="two-macs">
            {answers!.length} MACs answer ARP for the VIP
          </span>
        )}
        {stale && (
          <span className="tell-alert small" data-testid="neighbour-stale">
            it points at {nb.router}, which does not hold the VIP
          </span>
        )}
      </div>
      {!nb.answered ? (
        <p className="muted">The client has not answered yet.</p>
      ) : (
        <dl className="node-facts vip-facts">
          <div>
            <dt>entry</dt>
            <dd
              className="mono"
              data-testid="vip-neighbour"
              data-router={nb.router ?? ''}
              data-mac={nb.mac ?? ''}
              data-state={nb.state ?? ''}
              data-flips={flips?.flips ?? 0}
            >
              {nb.mac ? `${nb.mac} → ${nb.router ?? 'no router'}` : 'no entry'}
              {nb.state ? ` (${nb.state})` : ''}
            </dd>
          </div>
          <div>
            <dt>moves</dt>
            <dd className="mono" data-testid="vip-neighbour-flips">
              {flipsText(flips, t0)}
            </dd>
          </div>
          <div>
            <dt>arp answers</dt>
            <dd className="mono" data-testid="vip-arp-answers" data-count={answers?.length ?? ''}>
              {answers === undefined
                ? '?'
                : answers.length === 0
                  ? 'nobody answers'
                  : answers
                      .map((a) => (a.node === a.mac ? a.mac : `${a.node} (${a.mac})`))
                      .join(', ')}
            </dd>
          </div>
          <div>
            <dt>last GET from</dt>
            <dd className="mono" data-testid="vip-http-responder" data-router={nb.http ?? ''}>
              {nb.http ?? 'no answer'}
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}
