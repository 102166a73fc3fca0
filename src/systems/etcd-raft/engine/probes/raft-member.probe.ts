import type { NodeObservation } from '../../../../shared/lab-types';
import type { RaftReading } from '../../shared/etcd-raft.types';
import type { HttpProbeConnection } from '../../../../core/probes/http-probe-connection';

/** Where etcd publishes its Raft node's own status (expvar `raft.status`), on the client port. */
export const RAFT_VARS_PATH = '/debug/vars';

/** A member's Raft status as etcd's expvar `raft.status` holds it. */
export interface RaftStatus {
  /** The answering member's id, hex. */
  memberId: string;
  /** The leader's id, hex; absent when the member knows of no leader (etcd says "0"). */
  leaderId?: string;
  term: number;
  state: RaftReading['state'];
  commitIndex: number;
  appliedIndex: number;
}

const STATES: Record<string, RaftReading['state']> = {
  StateLeader: 'leader',
  StateFollower: 'follower',
  StateCandidate: 'candidate',
  StatePreCandidate: 'pre-candidate',
};

const hexId = (v: unknown): string | undefined =>
  typeof v === 'string' && /^[0-9a-f]+$/i.test(v) && !/^0+$/.test(v) ? v.toLowerCase() : undefined;

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * Reads etcd's /debug/vars answer for its `raft.status`: the Raft node's
 * current term and state, the leader it knows (hex id), its commit and
 * applied indexes. (Unlike `/v3/maintenance/status`, whose term is that of
 * the last entry applied, this is the term the member is in now: a member
 * cut off that keeps campaigning shows its term climbing.) Throws on an
 * answer without it.
 */
export function parseRaftVars(body: string): RaftStatus {
  const doc = JSON.parse(body) as Record<string, unknown> | null;
  const st =
    doc && typeof doc === 'object'
      ? (doc['raft.status'] as Record<string, unknown> | undefined)
      : undefined;
  if (!st || typeof st !== 'object') throw new Error('no raft.status in /debug/vars');
  const memberId = hexId(st.id);
  if (!memberId) throw new Error('raft.status: no member id');
  const state = STATES[String(st.raftState)];
  if (!state) throw new Error(`raft.status: unknown state ${String(st.raftState)}`);
  const leaderId = hexId(st.lead);
  return {
    memberId,
    ...(leaderId ? { leaderId } : {}),
    term: count(st.term),
    state,
    commitIndex: count(st.commit),
    appliedIndex: count(st.applied),
  };
}

/**
 * Reads one member's own Raft status over its published client port. etcd
 * answers it locally, so a member cut off from the others still answers with
 * what it believes (its term, the leader it knows or none). `nameOfId` names
 * a member id (hex) when some member has reported it as its own. The member
 * in state leader reads role `master`, any other that answered `replica`; no
 * answer reads `unknown`.
 */
export async function readRaftMember(
  node: string,
  conn: HttpProbeConnection | undefined,
  timeoutMs: number,
  nameOfId: (id: string) => string | undefined,
): Promise<{ obs: NodeObservation; status?: RaftStatus }> {
  const started = Date.now();
  const unknown = (error: string): { obs: NodeObservation } => ({
    obs: { node, kind: 'raft', role: 'unknown', state: 'unreachable', error },
  });
  if (!conn) return unknown('no published port');
  try {
    const reply = await conn.get(timeoutMs, RAFT_VARS_PATH);
    if (reply.status !== 200) return unknown(`${RAFT_VARS_PATH}: HTTP ${reply.status}`);
    const status = parseRaftVars(reply.body);
    const leader =
      status.leaderId === undefined
        ? undefined
        : status.leaderId === status.memberId
          ? node
          : nameOfId(status.leaderId);
    const raft: RaftReading = {
      memberId: status.memberId,
      term: status.term,
      state: status.state,
      commitIndex: status.commitIndex,
      appliedIndex: status.appliedIndex,
      ...(leader !== undefined
        ? { leader }
        : status.leaderId !== undefined
          ? { leaderId: status.leaderId }
          : {}),
    };
    return {
      obs: {
        node,
        kind: 'raft',
        role: status.state === 'leader' ? 'master' : 'replica',
        state: 'running',
        rttMs: Date.now() - started,
        raft,
        ...(leader !== undefined && leader !== node ? { following: leader } : {}),
      },
      status,
    };
  } catch (error) {
    return unknown((error as Error).message);
  }
}
