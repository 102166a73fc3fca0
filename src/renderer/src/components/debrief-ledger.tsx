import type { Debrief } from '../../../shared/debrief-types';
import { referenceLossSentence } from '../../../shared/debrief-types';
import { lossBandOf } from '../../../shared/debrief-summary';
import type { WriteFate } from '../../../shared/scenario-types';
import { formatInt } from '../format';
import { FATE_LABELS } from './scenario-tells';

const FATES: WriteFate[] = [
  'acked-present',
  'acked-lost',
  'failed',
  'indeterminate-present',
  'indeterminate-absent',
];

/** The write ledger of a system whose ledger counts writes (SystemTraits.ledger `writes`): counts, fates read back, this run's loss next to the reference's, lost keys. */
export function LedgerSummary({ debrief: d }: { debrief: Debrief }) {
  const { ledger } = d;
  const fates = ledger.fates;
  const fateAttrs: Record<string, number> = {};
  if (fates) for (const f of FATES) fateAttrs[`data-${f}`] = fates[f];
  const comparison = d.scenario.comparison;
  return (
    <section
      className="panel ledger-summary"
      data-testid="ledger-summary"
      data-ledger="writes"
      data-attempts={ledger.attempts}
      data-acked={ledger.acked}
      data-failed={ledger.failed}
      data-indeterminate={ledger.indeterminate}
      {...fateAttrs}
    >
      <div className="panel-title">
        <h3>Write ledger</h3>
        {ledger.readFrom && (
          <span className="muted small">
            read back from <span className="mono">{ledger.readFrom}</span>
          </span>
        )}
      </div>
      <dl className="counters">
        <div className="counter">
          <dt>attempts</dt>
          <dd className="mono">{formatInt(ledger.attempts)}</dd>
        </div>
        <div className="counter counter-acked">
          <dt>acknowledged</dt>
          <dd className="mono">{formatInt(ledger.acked)}</dd>
        </div>
        <div className="counter counter-failed">
          <dt>failed</dt>
          <dd className="mono">{formatInt(ledger.failed)}</dd>
        </div>
        <div className="counter counter-indeterminate">
          <dt>indeterminate</dt>
          <dd className="mono">{formatInt(ledger.indeterminate)}</dd>
        </div>
      </dl>
      {fates ? (
        <table className="table compact fates">
          <tbody>
            {FATES.map((f) => (
              <tr key={f} className={`fate-${f}`} data-testid={`fate-${f}`} data-count={fates[f]}>
                <td>{FATE_LABELS[f]}</td>
                <td className="mono">{formatInt(fates[f])}</td>
              </tr>
            ))}
            {ledger.recovered !== undefined && (
              <tr
                className="fate-recovered"
                data-testid="fate-recovered"
                data-count={ledger.recovered}
              >
                <td>of those present, recovered by a replay</td>
                <td className="mono">{formatInt(ledger.recovered)}</td>
              </tr>
            )}
          </tbody>
        </table>
      ) : (
        <p className="muted">The data was not read back: no fates.</p>
      )}
      <LossComparison debrief={d} />
      {comparison && fates && (
        <p className="comparison" data-testid="ledger-comparison">
          Without the prevention the same fault lost about{' '}
          <strong className="mono">{formatInt(comparison.baselineLost)}</strong> acknowledged
          writes; this run lost <strong className="mono">{formatInt(fates['acked-lost'])}</strong>.{' '}
          <span className="muted">{comparison.text}</span>
        </p>
      )}
      {d.lostKeys.length > 0 && (
        <details className="lost-keys">
          <summary className="small">
            {d.lostKeys.length} lost key{d.lostKeys.length === 1 ? '' : 's'} (up to 50 shown)
          </summary>
          <ul className="mono small">
            {d.lostKeys.map((k) => (
              <li key={k}>{k}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/**
 * This run's acknowledged writes lost, with its band, next to what the
 * scripted reference lost when measured here (a bot's best case, not a
 * target a person can be expected to match).
 */
function LossComparison({ debrief: d }: { debrief: Debrief }) {
  const lost = d.ledger.fates?.['acked-lost'];
  const ref = d.scenario.referenceLost;
  const band = lossBandOf(d);
  if (lost === undefined && ref === undefined) return null;
  return (
    <div className="loss-comparison" data-testid="loss-comparison">
      <table className="table compact">
        <tbody>
          {lost !== undefined && (
            <tr data-testid="loss-this-run" data-lost={lost} data-band={band?.band}>
              <td>This run lost</td>
              <td className="mono">{formatInt(lost)}</td>
              <td className="small">
                {band ? (
                  <>
                    <span className={`band-chip band-${band.band}`}>{band.band} band</span>{' '}
                    <span className="muted">
                      good up to {formatInt(band.good)}, fair up to {formatInt(band.fair)}
                    </span>
                  </>
                ) : null}
              </td>
            </tr>
          )}
          {ref !== undefined && (
            <tr data-testid="loss-reference" data-lost={ref}>
              <td>The reference lost</td>
              <td className="mono">{formatInt(ref)}</td>
              <td className="small muted">
                a bot&apos;s best case, acting seconds after the fault
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {referenceLossSentence(d) && (
        <p className="small muted" data-testid="reference-loss">
          {referenceLossSentence(d)}
        </p>
      )}
    </div>
  );
}
