import type { Observation } from '../../../shared/debrief-types';

/**
 * The misdiagnoses of the pattern held against what this run showed (e.g.
 * "a network blip" against how long the split lasted), one row each.
 */
export function DebriefObservations({ observations }: { observations: Observation[] }) {
  if (observations.length === 0) return null;
  return (
    <section
      className="panel debrief-observations"
      data-testid="debrief-observations"
      data-count={observations.length}
    >
      <div className="panel-title">
        <h3>What this run says against the misdiagnoses</h3>
      </div>
      <table className="table observations">
        <thead>
          <tr>
            <th>It may look like</th>
            <th>This run shows</th>
          </tr>
        </thead>
        <tbody>
          {observations.map((o, i) => (
            <tr key={i} data-testid={`observation-${i}`}>
              <td>{o.looksLike}</td>
              <td>{o.shows}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
