import type { ProbeSample } from '../../../shared/lab-types';

/** The headline tell in big type: how many data nodes claim master right now (healthy = 1). */
export function MastersReadout({ sample }: { sample: ProbeSample | undefined }) {
  const value = sample?.mastersClaimed;
  const level = value === undefined ? 'none' : value === 1 ? 'ok' : value > 1 ? 'split' : 'zero';
  const caption =
    value === undefined
      ? 'no samples yet'
      : value === 1
        ? 'one master: healthy'
        : value > 1
          ? 'SPLIT BRAIN: more than one master'
          : 'no node claims master';
  return (
    <section className={`panel readout level-${level}`}>
      <div className="readout-label">Nodes claiming master</div>
      <div
        className="readout-value mono"
        data-testid="masters-claimed"
        data-value={value ?? ''}
        aria-live="polite"
      >
        {value ?? '–'}
      </div>
      <div className="readout-caption">{caption}</div>
      {sample && sample.unknownNodes > 0 && (
        <div
          className="readout-unknown"
          data-testid="unknown-nodes"
          data-value={sample.unknownNodes}
        >
          {sample.unknownNodes} data node{sample.unknownNodes === 1 ? '' : 's'} unreadable
        </div>
      )}
    </section>
  );
}
