import type { FinalHealth } from '../../shared/scenario-types';

/**
 * The replication part of a final health that systems with a master and
 * replicas share: not exactly one master (`manyWords` after the names when
 * several claim it), fewer replicas caught up than expected.
 */
export function replicationProblems(
  h: FinalHealth,
  master: string | undefined,
  manyWords: string,
): string[] {
  const problems: string[] = [];
  if (!master)
    problems.push(
      h.masters.length === 0 ? 'no node claims master' : `${h.masters.join(' and ')} ${manyWords}`,
    );
  if (h.replicasCaughtUp.length < h.replicasExpected) {
    problems.push(`${h.replicasCaughtUp.length} of ${h.replicasExpected} replicas caught up`);
  }
  return problems;
}
