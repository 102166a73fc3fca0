import type { ProbeSample } from '../../../shared/lab-types';
import { ROLE_LABELS } from '../../../renderer/src/charts/colors';
import { patroniDisagrees, timelinesDiverged } from './patroni-data';
import { formatLsn } from '../../../renderer/src/format';
import { rankIn } from '../../../renderer/src/components/scenario-nodes';

/**
 * Each PostgreSQL node from the latest probe: the role postgres itself claims
 * next to the one Patroni's REST API reports (disagreements highlighted), its
 * timeline and WAL position. Two primaries are flagged; on different
 * timelines they are two histories.
 */
export function PatroniRolesTable({
  sample,
  order,
  showTimelines,
  showLsn,
}: {
  sample: ProbeSample | undefined;
  order: string[];
  showTimelines: boolean;
  showLsn: boolean;
}) {
  const nodes = (sample?.nodes ?? [])
    .filter((n) => n.kind === 'postgres')
    .sort((a, b) => rankIn(order, a.node) - rankIn(order, b.node));
  const primaries = nodes.filter((n) => n.role === 'master');
  const twoPrimaries = primaries.length > 1;
  const diverged = timelinesDiverged(sample);
  const disagreeing = nodes.filter(patroniDisagrees).map((n) => n.node);
  return (
    <section
      className={`panel replid-table patroni-roles${twoPrimaries ? ' diverged' : ''}`}
      data-testid="patroni-roles-table"
      data-primaries={primaries.length}
      data-timelines-diverged={diverged ? 'true' : 'false'}
      data-disagreeing={disagreeing.join(',')}
    >
      <div className="panel-title">
        <h3>Postgres vs Patroni</h3>
        {twoPrimaries && (
          <span className="tell-alert small" data-testid="two-primaries">
            {primaries.length} primaries
            {diverged ? ' on different timelines: two histories' : ''}
          </span>
        )}
        {disagreeing.length > 0 && (
          <span className="tell-alert small" data-testid="patroni-disagrees">
            Patroni and postgres disagree on {disagreeing.join(', ')}
          </span>
        )}
      </div>
      {nodes.length === 0 ? (
        <p className="muted">No probe samples yet.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>Node</th>
              <th title="pg_is_in_recovery(): false = primary">postgres says</th>
              <th title="GET /patroni role; unknown = the REST API is silent">Patroni says</th>
              {showTimelines && <th>Timeline</th>}
              {showLsn && <th>LSN</th>}
              <th>Patroni state</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((n) => {
              const disagrees = patroniDisagrees(n);
              const hot = twoPrimaries && n.role === 'master';
              const classes = [hot ? 'replid-diverged' : '', disagrees ? 'patroni-disagrees' : '']
                .filter(Boolean)
                .join(' ');
              return (
                <tr
                  key={n.node}
                  data-testid={`patroni-role-${n.node}`}
                  data-role={n.role}
                  data-patroni-role={n.patroniRole ?? ''}
                  data-disagrees={disagrees ? 'true' : 'false'}
                  data-timeline={n.timeline ?? ''}
                  className={classes || undefined}
                >
                  <td className="mono">{n.node}</td>
                  <td>
                    <span className={`role-badge role-${n.role}`}>{ROLE_LABELS[n.role]}</span>
                  </td>
                  <td>
                    <span
                      className={`role-badge patroni-role${disagrees ? ' disagrees' : ''}`}
                      title={disagrees ? 'Patroni says something else than postgres' : undefined}
                    >
                      {n.patroniRole ?? '—'}
                    </span>
                  </td>
                  {showTimelines && (
                    <td className="mono">
                      {n.timeline !== undefined && n.role !== 'unknown' ? n.timeline : '—'}
                    </td>
                  )}
                  {showLsn && (
                    <td className="mono">
                      {n.lsn !== undefined && n.role !== 'unknown' ? formatLsn(n.lsn) : '—'}
                    </td>
                  )}
                  <td className="mono">
                    {n.patroniState ?? '—'}
                    {n.maintenance ? ' · maintenance' : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
