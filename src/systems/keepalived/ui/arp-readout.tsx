import type { ProbeSample } from '../../../shared/lab-types';
import { arpAnswers } from './keepalived-data';

/**
 * keepalived lab, next to the masters readout: how many MACs answer one ARP
 * request for the VIP from the client (healthy = 1; 2 = the LAN sees two
 * routers claim it; 0 = nobody serves it).
 */
export function ArpMacsReadout({ sample }: { sample: ProbeSample | undefined }) {
  const answers = arpAnswers(sample);
  const value = answers?.length;
  const level = value === undefined ? 'none' : value === 1 ? 'ok' : value > 1 ? 'split' : 'zero';
  const caption =
    value === undefined
      ? 'the client has not answered'
      : value === 1
        ? `one MAC (${answers![0]!.node}): healthy`
        : value > 1
          ? `${value} MACs answer: ${answers!.map((a) => a.node).join(', ')}`
          : 'nobody answers: the VIP is down';
  return (
    <section className={`panel readout readout-small level-${level}`}>
      <div className="readout-label">MACs answering ARP for the VIP</div>
      <div
        className="readout-value mono"
        data-testid="arp-mac-count"
        data-value={value ?? ''}
        aria-live="polite"
      >
        {value ?? '–'}
      </div>
      <div className="readout-caption">{caption}</div>
    </section>
  );
}
