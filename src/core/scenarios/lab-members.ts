import { isDataNodeKind } from '../../shared/lab-types';
import { defaultLabCatalog } from '../labs/lab-catalog';

/** The nodes of a system's lab, by role, as scenario files may name them. */
export interface LabMembers {
  /** Data nodes, e.g. redis-1..3 or pg-1..3 (candidates for master). */
  data: string[];
  /** Coordinators, e.g. sentinel-1..3 or etcd-1. */
  sentinels: string[];
}

const PLACEHOLDER_NETWORK = {
  subnet: '10.0.0.0/24',
  gateway: '10.0.0.1',
  hostIp: (n: number) => `10.0.0.${n}`,
};

/** The members of the lab a scenario `system` runs on, or undefined for an unknown system. */
export function labMembersOf(system: string): LabMembers | undefined {
  const lab = defaultLabCatalog().get(system);
  if (!lab) return undefined;
  const nodes = lab.plan(PLACEHOLDER_NETWORK).nodes;
  return {
    data: nodes.filter((n) => isDataNodeKind(n.kind)).map((n) => n.name),
    sentinels: nodes.filter((n) => !isDataNodeKind(n.kind)).map((n) => n.name),
  };
}
