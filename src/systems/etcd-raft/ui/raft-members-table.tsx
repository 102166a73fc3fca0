import type { ProbeSample } from '../../../shared/lab-types';
import { formatInt } from '../../../renderer/src/format';
import {
  raftLeaders,
  raftLeaderText,
  raftMemberRows,
  sameTermLeaders,
  termsOf,
  type RaftMemberRow,
} from './raft-data';

/** A number of the table, or `unknown` for a member that did not answer (never a guess). */
function numberText(v: number | undefined): string {
  return v === undefined ? 'unknown' : formatInt(v);
}

/** The lane class of a row, for its badge (leader, follower, no-leader, unknown). */
function rowClass(row: RaftMemberRow): string {
  switch (row.leader.kind) {
    case 'leads':
      return 'leader';
    case 'follows':
    case 'stale':
      return 'follower';
    case 'none':
      return 'no-leader';
    case 'unknown':
      return 'unknown';
  }
}

/**
 * Each etcd member from the latest probe, as it says itself: the leader it
 * follows (or that it leads, or knows none), its Raft term, its applied
 * index, its Raft state (a candidate is campaigning), and how many log
 * entries its key space is behind the highest commit index any member
 * reports (what a serializable read there would miss). A member that did not answer reads
 * `unknown` throughout. Flagged: more than one member saying it leads (worse
 * in the same term), no member leading, and members in different terms.
 */
export function RaftMembersTable({
  sample,
  order,
}: {
  sample: ProbeSample | undefined;
  order: string[];
}) {
  const rows = raftMemberRows(sample, order);
  const leaders = raftLeaders(sample);
  const sameTerm = sameTermLeaders(leaders);
  const terms = termsOf(rows);
  const answered = rows.filter((r) => r.role !== 'unknown');
  const noLeader = rows.filter((r) => r.leader.kind === 'none').map((r) => r.node);
  const twoLeaders = leaders.length > 1;
  return (
    <section
      className={`panel replid-table raft-members${twoLeaders ? ' diverged' : ''}`}
      data-testid="raft-members"
      data-leaders={leaders.map((l) => l.node).join(',')}
      data-terms={terms.join(',')}
      data-no-leader={noLeader.join(',')}
    >
      <div className="panel-title">
        <h3>Raft members</h3>
        {twoLeaders && (
          <span className="tell-alert small" data-testid="raft-two-leaders">
            {leaders.length} members say they lead:{' '}
            {leaders.map((l) => `${l.node} (term ${l.term})`).join(', ')}
            {sameTerm ? ': in the same term' : ''}
          </span>
        )}
        {leaders.length === 0 && answered.length > 0 && (
          <span className="tell-alert small" data-testid="raft-no-leader">
            no member says it leads
          </span>
        )}
        {noLeader.length > 0 && leaders.length > 0 && (
          <span className="tell-alert small" data-testid="raft-knows-no-leader">
            {noLeader.join(', ')} {noLeader.length === 1 ? 'knows' : 'know'} no leader
          </span>
        )}
        {terms.length > 1 && (
          <span className="tell-alert small" data-testid="raft-terms-differ">
            members in terms {terms.join(', ')}
          </span>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="muted">No member probed yet.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>Member</th>
              <th title="The leader the member names in its own status (etcdctl endpoint status)">
                Leader
              </th>
              <th title="The Raft term it is in: each election raises it">Term</th>
              <th title="Index of the last Raft entry it applied to its key space">
                Applied index
              </th>
              <th title="Its Raft state: a candidate's election timer fired and it is campaigning">
                State
              </th>
              <th title="Highest commit index among the members minus its own applied index: what a serializable read there misses">
                Entries behind
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const cls = rowClass(r);
              const hot = twoLeaders && r.leader.kind === 'leads';
              return (
                <tr
                  key={r.node}
                  data-testid={`raft-member-${r.node}`}
                  data-node={r.node}
                  data-role={r.role}
                  data-leader={r.leader.kind === 'follows' ? r.leader.leader : r.leader.kind}
                  data-term={r.term ?? ''}
                  data-applied={r.appliedIndex ?? ''}
                  data-state={r.state ?? ''}
                  data-behind={r.behind ?? ''}
                  className={hot ? 'replid-diverged' : undefined}
                >
                  <td className="mono" title={r.memberId ? `member id ${r.memberId}` : r.error}>
                    {r.node}
                  </td>
                  <td>
                    <span
                      className={`role-badge raft-${cls}`}
                      title={r.role === 'unknown' ? (r.error ?? 'no answer') : undefined}
                    >
                      {raftLeaderText(r.leader)}
                    </span>
                  </td>
                  <td className="mono">{numberText(r.term)}</td>
                  <td className="mono">{numberText(r.appliedIndex)}</td>
                  <td
                    className={
                      r.state === 'candidate' || r.state === 'pre-candidate' ? 'behind' : undefined
                    }
                  >
                    {r.state ?? 'unknown'}
                  </td>
                  <td className={`mono${r.behind !== undefined && r.behind > 0 ? ' behind' : ''}`}>
                    {numberText(r.behind)}
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
