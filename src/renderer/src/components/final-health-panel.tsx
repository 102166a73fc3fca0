import type { FinalHealth } from '../../../shared/scenario-types';
import type { ScenarioSystem } from '../../../shared/scenario-schema';
import { SYSTEM_VIEWS } from './system-views';

/** The lab's health when the scenario ended, in the words of its system (SYSTEM_VIEWS). */
export function FinalHealthPanel({
  health: h,
  system,
}: {
  health: FinalHealth;
  system: ScenarioSystem;
}) {
  const rows = SYSTEM_VIEWS[system].finalHealthRows(h);
  return (
    <section className="panel final-health" data-testid="final-health" data-system={system}>
      <div className="panel-title">
        <h3>Final health</h3>
      </div>
      <table className="table compact">
        <tbody>
          {rows.map(([k, v, ok, id]) => (
            <tr
              key={id}
              className={ok === 'unknown' ? 'unknown' : ok ? 'ok' : 'bad'}
              data-testid={`health-${id}`}
              data-ok={ok === 'unknown' ? 'unknown' : ok ? 'true' : 'false'}
            >
              <th scope="row">{k}</th>
              <td className="mono">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
