import type { NodeObservation, ProbeSample, ReadinessStatus } from '../../../../shared/lab-types';
import type { FinalHealth } from '../../../../shared/scenario-types';
import { HttpProbeConnection } from '../../../../core/probes/http-probe-connection';
import type {
  LabDefinition,
  LabNetwork,
  LabNodePlan,
  LabPlan,
  RunningNode,
} from '../../../../core/labs/lab-definition';
import { NodeObserver } from '../../../../core/labs/node-observer';
import { readRaftMember } from '../probes/raft-member.probe';
import {
  DEFAULT_ETCD_RAFT_SETTINGS,
  ETCD_CLIENT_PORT,
  raftMemberCommand,
  validateEtcdRaftSettings,
  type EtcdRaftSettings,
} from './etcd-raft-config';
import { agreedLeader, judgeRaftReadiness, raftFinalHealth } from './etcd-raft-health';

/** Host numbers on the lab /24: members at .11-.15. */
const MEMBER_HOST_BASE = 10;
const MiB = 1024 * 1024;
/** The member every run starts with as leader. */
export const FIRST_LEADER = 'raft-1';

/** The member names of a cluster of `n`: raft-1 ... raft-n. */
export const raftMemberNames = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `raft-${i + 1}`);

/**
 * etcd (Raft): an etcd 3.4 cluster of 3 or 5 members, started together in
 * one stage, whose key space holds the workload's writes. Before a run
 * starts the lab hands the leadership to raft-1 (etcd's move-leader), so
 * every run begins with the same member leading.
 */
export function etcdRaftLab(overrides: Partial<EtcdRaftSettings> = {}): LabDefinition {
  const settings: EtcdRaftSettings = { ...DEFAULT_ETCD_RAFT_SETTINGS, ...overrides };
  validateEtcdRaftSettings(settings);
  const names = raftMemberNames(settings.members);
  return {
    summary: {
      id: 'etcd-raft',
      title: `etcd (Raft) — ${settings.members} members`,
      description:
        `An etcd 3.4 cluster of ${settings.members} members (${names[0]} leading at the start) that holds ` +
        `the workload's keys itself: every write needs a majority, every election too ` +
        `(election timeout ${settings.electionMs} ms, pre-vote ${settings.preVote ? 'on' : 'off'}).`,
      systems: ['etcd 3.4'],
      nodes: names,
    },
    images: ['etcd'],
    plan: (network) => planRaft(network, settings, names),
    openObserver: () => new RaftObserver(names),
  };
}

function planRaft(network: LabNetwork, settings: EtcdRaftSettings, names: string[]): LabPlan {
  const members = names.map((name, i) => ({ name, ip: network.hostIp(MEMBER_HOST_BASE + 1 + i) }));
  const token = `dojo-raft-${network.subnet.replace(/[./]/g, '-')}`;
  const nodes: LabNodePlan[] = members.map((m) => ({
    name: m.name,
    kind: 'raft',
    image: 'etcd',
    stage: 0,
    ipv4: m.ip,
    cmd: raftMemberCommand(m, members, token, settings),
    files: [],
    probePorts: [ETCD_CLIENT_PORT],
    capAdd: ['NET_ADMIN'],
    memoryBytes: 256 * MiB,
  }));
  return { nodes, stages: 1 };
}

/** Reads every member of an etcd (Raft) lab through long-lived loopback connections. */
class RaftObserver extends NodeObserver<HttpProbeConnection> {
  protected override readonly dataKind = 'raft';
  /** Member name by etcd member id (hex), as each member reports its own. */
  private readonly nameById = new Map<string, string>();
  /** etcd's member id, decimal (as the gateway takes it), by member name. */
  private readonly decimalIdByName = new Map<string, string>();
  private lastMove = 0;

  constructor(private readonly names: readonly string[]) {
    super();
  }

  protected override openConn(node: RunningNode): HttpProbeConnection | undefined {
    const p = node.hostPorts[ETCD_CLIENT_PORT];
    return p === undefined ? undefined : new HttpProbeConnection(p);
  }

  protected override closeConn(c: HttpProbeConnection): void {
    c.close();
  }

  protected override async readNode(
    node: RunningNode,
    timeoutMs: number,
  ): Promise<NodeObservation> {
    const { obs, status } = await readRaftMember(node.plan.name, this.conn(node), timeoutMs, (id) =>
      this.nameById.get(id),
    );
    // A member's id never changes in a run: learn it (and its decimal form) once.
    if (status && this.nameById.get(status.memberId) !== node.plan.name) {
      this.nameById.set(status.memberId, node.plan.name);
      this.decimalIdByName.set(node.plan.name, BigInt(`0x${status.memberId}`).toString(10));
    }
    return obs;
  }

  /** Members report their own ids as they answer: name a leader id learnt after the member was read. */
  override async sample(timeoutMs: number): Promise<ProbeSample> {
    const s = await super.sample(timeoutMs);
    for (const n of s.nodes) {
      const id = n.raft?.leaderId;
      const name = id !== undefined ? this.nameById.get(id) : undefined;
      if (n.raft && name !== undefined) {
        delete n.raft.leaderId;
        n.raft.leader = name;
        if (name === n.node) n.role = 'master';
        else n.following = name;
      }
    }
    s.mastersClaimed = s.nodes.filter((n) => n.kind === 'raft' && n.role === 'master').length;
    return s;
  }

  /**
   * Ready once every member answers, one leads and all follow it in its term,
   * and that is raft-1; while another member leads, asks it (at most once a
   * second) to hand the leadership to raft-1.
   */
  override async readiness(
    _stage: number,
    latest: ProbeSample,
    timeoutMs: number,
  ): Promise<ReadinessStatus> {
    const status = judgeRaftReadiness(latest, { members: this.names, firstLeader: FIRST_LEADER });
    const leader = agreedLeader(latest);
    const target = this.decimalIdByName.get(FIRST_LEADER);
    const leaderNode = leader && this.nodes.find((n) => n.plan.name === leader.node);
    if (
      !status.ready &&
      leaderNode &&
      leader.node !== FIRST_LEADER &&
      target &&
      Date.now() - this.lastMove > 1000
    ) {
      this.lastMove = Date.now();
      const conn = this.conn(leaderNode);
      const moved = await conn
        ?.post(
          timeoutMs,
          '/v3/maintenance/transfer-leadership',
          JSON.stringify({ targetID: target }),
        )
        .catch((e: Error) => ({ status: 0, body: e.message }));
      status.conditions.push({
        name: `leadership handed to ${FIRST_LEADER}`,
        ok: false,
        detail: moved
          ? `asked ${leader.node}: HTTP ${moved.status} ${moved.body.slice(0, 120)}`
          : 'no connection',
      });
    }
    return status;
  }

  override async finalHealth(
    timeoutMs: number,
  ): Promise<Omit<FinalHealth, 'activeFaults' | 'activeFences'>> {
    return raftFinalHealth(await this.sample(timeoutMs));
  }
}
