import { NODE_KINDS, type NodeKind, type ProbeSample } from '../../../shared/lab-types';
import { kindOfNodeName } from '../../../shared/system-traits';

const KNOWN_KINDS: ReadonlySet<string> = new Set<NodeKind>(NODE_KINDS);

export interface NodeInfo {
  name: string;
  kind: NodeKind;
}

/**
 * A string naming each probed node with its kind (`redis-1:redis,...`). It
 * changes only when the set of nodes does, so the list built from it stays the
 * same object from sample to sample (the palette does not re-render per tick).
 */
export function nodeKindsKey(latest: ProbeSample | undefined): string {
  return (latest?.nodes ?? []).map((n) => `${n.node}:${n.kind}`).join(',');
}

/**
 * The lab's nodes with their kind: from the probes when they have seen the
 * node (per `nodeKindsKey`), else by name (see kindByName). The lab's order
 * comes first; nodes only the probes know follow.
 */
export function labNodes(labOrder: string[], kindsKey: string): NodeInfo[] {
  const kinds = new Map<string, NodeKind>();
  if (kindsKey)
    for (const pair of kindsKey.split(',')) {
      const [name, kind] = pair.split(':');
      if (name)
        kinds.set(name, KNOWN_KINDS.has(kind ?? '') ? (kind as NodeKind) : kindByName(name));
    }
  const names = [...labOrder];
  for (const n of kinds.keys()) if (!names.includes(n)) names.push(n);
  return names.map((name) => ({
    name,
    kind: kinds.get(name) ?? kindByName(name),
  }));
}

/**
 * A node's kind from its name, by the systems' naming rules (SystemTraits:
 * `sentinel-*`, `redis-*`, `etcd-*`, `pg-*`/`postgres-*`, `router-*`, the
 * VIP's `client`, `raft-*`). Throws for a name no system uses: a lab whose
 * nodes the registry does not know must not pass for Redis.
 */
export function kindByName(name: string): NodeKind {
  const kind = kindOfNodeName(name);
  if (!kind)
    throw new Error(`no system names a node "${name}": add its pattern to SystemTraits.nodeNames`);
  return kind;
}

/** A node's place in the lab's order (nodes not in it go last), for sorting. */
export function rankIn(order: string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}
