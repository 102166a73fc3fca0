import type {
  NodeKind,
  NodeObservation,
  ProbeSample,
  ReadinessStatus,
} from '../../shared/lab-types';
import type { FinalHealth } from '../../shared/scenario-types';
import type { LabObserver, RunningNode } from './lab-definition';

/**
 * The node bookkeeping every lab observer shares: the running nodes (added
 * stage by stage, replaced on restart), node names by lab IP, and one
 * long-lived probe connection set `C` per node, opened lazily (nodes of a
 * later stage are added when they start) and closed on restart and close.
 * A lab supplies how to open, close and read a node, and its readiness and
 * final health.
 */
export abstract class NodeObserver<C> implements LabObserver {
  private readonly conns = new Map<string, C>();
  /** The running nodes, in the order they were added. */
  protected readonly nodes: RunningNode[] = [];
  private readonly nameByIp = new Map<string, string>();

  /** The kind of node that holds data (counted in `mastersClaimed` and `unknownNodes`). */
  protected abstract readonly dataKind: NodeKind;

  /** Opens a node's connections, or returns undefined when it cannot yet (tried again next time). */
  protected abstract openConn(node: RunningNode): C | undefined;

  /** Closes what `openConn` opened. */
  protected abstract closeConn(conn: C): void;

  /** Reads one node; never throws (an unreachable node reads `unknown` with an error). */
  protected abstract readNode(node: RunningNode, timeoutMs: number): Promise<NodeObservation>;

  abstract readiness(
    stage: number,
    latest: ProbeSample,
    timeoutMs: number,
  ): Promise<ReadinessStatus>;

  abstract finalHealth(
    timeoutMs: number,
  ): Promise<Omit<FinalHealth, 'activeFaults' | 'activeFences'>>;

  /** The node name of a lab IP (the IP itself when it is no node's). */
  protected nameOf = (ip: string): string => this.nameByIp.get(ip) ?? ip;

  /** A node's connections, opened on first use. */
  protected conn(node: RunningNode): C | undefined {
    let c = this.conns.get(node.plan.name);
    if (c === undefined) {
      c = this.openConn(node);
      if (c === undefined) return undefined;
      this.conns.set(node.plan.name, c);
    }
    return c;
  }

  addNodes(nodes: RunningNode[]): void {
    for (const n of nodes) {
      if (!this.nodes.some((m) => m.plan.name === n.plan.name)) this.nodes.push(n);
      this.nameByIp.set(n.plan.ipv4, n.plan.name);
    }
  }

  async sample(timeoutMs: number): Promise<ProbeSample> {
    const t = Date.now();
    const observations = await Promise.all(this.nodes.map((n) => this.readNode(n, timeoutMs)));
    const data = observations.filter((o) => o.kind === this.dataKind);
    return {
      t,
      nodes: observations,
      // The headline tell: data nodes that say they are master.
      mastersClaimed: data.filter((o) => o.role === 'master').length,
      unknownNodes: data.filter((o) => o.role === 'unknown').length,
    };
  }

  nodeRestarted(node: RunningNode): void {
    const i = this.nodes.findIndex((n) => n.plan.name === node.plan.name);
    if (i >= 0) this.nodes[i] = node;
    this.closeNode(node.plan.name);
  }

  private closeNode(name: string): void {
    const c = this.conns.get(name);
    if (c !== undefined) this.closeConn(c);
    this.conns.delete(name);
  }

  async close(): Promise<void> {
    for (const name of [...this.conns.keys()]) this.closeNode(name);
  }
}
