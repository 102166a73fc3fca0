/**
 * The etcd (Raft) lab's settings and the command line of each member. etcd
 * 3.4 from Debian (the lab image `etcd`, shared with another system), run with the
 * v3 API only: the workload writes its keys into etcd itself.
 */

/** etcd's client port (clients, probes) and peer port (Raft between members). */
export const ETCD_CLIENT_PORT = 2379;
export const ETCD_PEER_PORT = 2380;
/** etcd's heartbeat interval in the lab, ms (etcd's default). */
export const HEARTBEAT_MS = 100;

/** The lab's settings (see etcdRaftSettingsSchema for their meaning). */
export interface EtcdRaftSettings {
  /** Number of members: 3 or 5. */
  members: 3 | 5;
  /** etcd's --pre-vote. */
  preVote: boolean;
  /** etcd's --election-timeout, ms. */
  electionMs: number;
}

export const DEFAULT_ETCD_RAFT_SETTINGS: EtcdRaftSettings = {
  members: 3,
  preVote: false,
  electionMs: 1000,
};

/** Throws, naming the setting, on a value the lab cannot run with. */
export function validateEtcdRaftSettings(s: EtcdRaftSettings): void {
  if (s.members !== 3 && s.members !== 5)
    throw new Error(`members: must be 3 or 5, got ${String(s.members)}`);
  if (!Number.isInteger(s.electionMs) || s.electionMs < 5 * HEARTBEAT_MS || s.electionMs > 10_000)
    throw new Error(
      `electionMs: must be an integer from ${5 * HEARTBEAT_MS} to 10000, got ${s.electionMs}`,
    );
}

/** Where one member sits on the lab network. */
export interface RaftMemberAddress {
  name: string;
  ip: string;
}

/** Command line of one member of the run's cluster (v3 API only). */
export function raftMemberCommand(
  member: RaftMemberAddress,
  cluster: readonly RaftMemberAddress[],
  token: string,
  settings: EtcdRaftSettings,
): string[] {
  const peer = (m: RaftMemberAddress): string => `http://${m.ip}:${ETCD_PEER_PORT}`;
  return [
    'etcd',
    `--name=${member.name}`,
    '--data-dir=/var/lib/etcd/data',
    `--listen-client-urls=http://0.0.0.0:${ETCD_CLIENT_PORT}`,
    `--advertise-client-urls=http://${member.ip}:${ETCD_CLIENT_PORT}`,
    `--listen-peer-urls=http://0.0.0.0:${ETCD_PEER_PORT}`,
    `--initial-advertise-peer-urls=${peer(member)}`,
    `--initial-cluster=${cluster.map((m) => `${m.name}=${peer(m)}`).join(',')}`,
    `--initial-cluster-token=${token}`,
    '--initial-cluster-state=new',
    `--heartbeat-interval=${HEARTBEAT_MS}`,
    `--election-timeout=${settings.electionMs}`,
    `--pre-vote=${settings.preVote}`,
  ];
}
