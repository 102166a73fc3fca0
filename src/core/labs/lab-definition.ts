import type {
  NodeObservation,
  LabSummary,
  NodeKind,
  ProbeSample,
  ReadinessStatus,
} from '../../shared/lab-types';
import type { FinalHealth } from '../../shared/scenario-types';
import type { FileSpec } from '../runtime/container-runtime';

/**
 * A lab is a topology of real software: which containers to run, with which
 * generated configuration, in which order, and how to tell it is healthy.
 * Labs describe; the run controller (session/) does, through the runtime port.
 */
export interface LabDefinition {
  summary: LabSummary;
  /** Lab image names (folders under lab-images/) the nodes use. */
  images: string[];
  /** Lays out the nodes for one run on the run's network. Pure. */
  plan(network: LabNetwork): LabPlan;
  /**
   * Opens the lab's observer. The run controller adds each stage's nodes as
   * they start, samples it on an interval and asks it whether a stage is ready.
   */
  openObserver(): LabObserver;
}

/** The run's network as the lab sees it. */
export interface LabNetwork {
  /** CIDR, e.g. `10.213.7.0/24`. */
  subnet: string;
  /** Address of the bridge gateway (where probe traffic through published ports comes from). */
  gateway: string;
  /**
   * Address of host number `n` (1..254) inside the subnet. Docker assigns
   * addresses by itself only from hosts 1-127; hosts 128-254 are left to the
   * lab (e.g. a VRRP virtual IP), see DYNAMIC_HOSTS in the runtime port.
   */
  hostIp(n: number): string;
}

export interface LabPlan {
  nodes: LabNodePlan[];
  /** Number of start stages; stage k starts once stage k-1 is ready. */
  stages: number;
}

/** One container of the lab. */
export interface LabNodePlan {
  /** Node name, unique in the lab, e.g. `redis-1`. */
  name: string;
  /** What the node is, for probes and the UI, e.g. `redis`, `sentinel`, `postgres` or `etcd`. */
  kind: NodeKind;
  /** Lab image name (folder under lab-images/). */
  image: string;
  /** 0-based start stage. */
  stage: number;
  /** Fixed IPv4 address on the lab network. */
  ipv4: string;
  cmd: string[];
  /** Generated per run and copied into the container before it starts. */
  files: FileSpec[];
  /** Container ports published on 127.0.0.1 (random host ports) for probes. */
  probePorts: number[];
  capAdd?: string[];
  /** Capabilities to drop first, e.g. `['ALL']` so that `capAdd` is all the node has. */
  capDrop?: string[];
  /** Memory limit, bytes. */
  memoryBytes?: number;
}

/** A node once its container exists and runs. */
export interface RunningNode {
  plan: LabNodePlan;
  containerId: string;
  /** Container port -> host port on 127.0.0.1. */
  hostPorts: Record<number, number>;
}

/** Reads the lab's tells. One instance per run; owns its client connections. */
export interface LabObserver {
  /** Adds nodes whose containers now run (a stage just started). */
  addNodes(nodes: RunningNode[]): void;
  /** A node's container was restarted: its published ports changed, reconnect to the new ones. */
  nodeRestarted(node: RunningNode): void;
  /**
   * Reads the lab's state for the final health check (more than a sample:
   * CKQUORUM, configuration). Faults and fences are added by the caller.
   */
  finalHealth(timeoutMs: number): Promise<Omit<FinalHealth, 'activeFaults' | 'activeFences'>>;
  /**
   * Reads every node once. Never throws for a node that does not answer:
   * that node reads `unknown` with an error. Must finish within `timeoutMs`.
   */
  sample(timeoutMs: number): Promise<ProbeSample>;
  /**
   * Whether `stage` (0-based) is up: for the last stage this is the lab's
   * readiness (healthy topology). May issue extra commands (e.g. CKQUORUM).
   */
  readiness(stage: number, latest: ProbeSample, timeoutMs: number): Promise<ReadinessStatus>;
  /**
   * The headline's counts from a sample's nodes, when the lab counts
   * otherwise than the data nodes that claim master (the lock service counts
   * the workers that say they hold the lock). Called again when the
   * container states overrule a reading (a paused node reads unknown).
   * Absent: data nodes in role master, and data nodes unknown.
   */
  headline?(
    nodes: readonly NodeObservation[],
  ): Pick<ProbeSample, 'mastersClaimed' | 'unknownNodes'>;
  /** Closes connections. */
  close(): Promise<void>;
}

/** Address of host `n` in an IPv4 /24 (or larger) CIDR. */
export function hostIpInSubnet(subnet: string, n: number): string {
  const [base] = subnet.split('/');
  const parts = (base ?? '').split('.').map((p) => Number.parseInt(p, 10));
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 CIDR: ${subnet}`);
  }
  if (!Number.isInteger(n) || n < 1 || n > 254) throw new Error(`host number out of range: ${n}`);
  return `${parts[0]}.${parts[1]}.${parts[2]}.${n}`;
}
