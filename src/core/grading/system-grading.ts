import type { ProbeSample } from '../../shared/lab-types';
import type { CheckId, Scenario } from '../../shared/scenario-schema';
import type { FinalHealth } from '../../shared/scenario-types';
import type { GradingCheck } from './grading-context';
import type { Tell, TellOptions } from './tell';

/** The node that must stay the single leader of a dual-master split, and where that comes from. */
export interface AuthoritativeNode {
  node: string;
  /** `scenario`: the scenario file names it; `priority`: the highest priority in the run settings. */
  from: 'scenario' | 'priority';
  /** Its priority when the run settings give it. */
  priority?: number;
}

/** What a system reads off a run's samples about a split in which peers both claim the role. */
export interface DualMasterFacts {
  /** The node that entered the role at the tell beside the one that held it before the fault. */
  rogue?: string;
  /** ms since epoch: the first sample from which on no sample shows the split; absent while split. */
  splitEndedAt?: number;
  /** The node that must stay the leader. */
  authoritative?: AuthoritativeNode;
  /** MAC address (lower case) -> node name, from the samples. */
  routerMacs: Record<string, string>;
}

/** A system's final health, judged in its own terms (faults and fences left are the framework's). */
export interface SystemHealth {
  /**
   * What is wrong at the end, in words; only what was read counts (an
   * unreadable node is never a negative, see `unread`).
   */
  problems(h: FinalHealth): string[];
  /**
   * What could not be read when the final health was taken, one phrase each;
   * empty when all was read. Absent: the system's final health has no
   * unreadable part (its readings are problems or not).
   */
  unread?(h: FinalHealth): string[];
  /** The pass sentence (called only when there are no problems and nothing unread). */
  healthy(h: FinalHealth): string;
  /**
   * The unknown sentence when something was not read and what was read shows
   * no problem; `answeredBy`: answered workload records per node over the run.
   */
  unknown?(h: FinalHealth, answeredBy: Readonly<Record<string, number>>): string;
  /** Figures of this system's own (added to the check's figures). */
  figures?(h: FinalHealth): Record<string, number>;
}

/**
 * What one system adds to grading a run from its history: pure, in
 * `src/systems/<system>/grading/`, registered in `system-gradings.ts`.
 */
export interface SystemGrading {
  /** The checks only this system's scenarios use, by id (the generic ones are check-registry's). */
  checks: Partial<Record<CheckId, GradingCheck>>;
  /**
   * The master this system's coordinators choose in a sample when a strict
   * majority of them agree (sentinels, etcd's leader key); undefined when
   * they do not agree or the system has none.
   */
  coordinatorChoice(s: ProbeSample): string | undefined;
  /** The node kinds of this system's coordinators (`sentinel`, `etcd`); empty when it has none. */
  coordinatorKinds: readonly string[];
  /**
   * The tell one sample shows, if any, among `opts.kinds` (the scenario's
   * split tells), in this system's order of precedence. Only readings count:
   * a node that could not be read never makes a tell.
   */
  tellIn(
    s: ProbeSample,
    staleLeader: string | undefined,
    opts: Required<Pick<TellOptions, 'kinds'>> & TellOptions,
  ): Tell | undefined;
  /** A dual-master system's split facts (see SystemTraits.splitKind); absent for the others. */
  dualMaster?: (input: {
    scenario: Scenario;
    settings: Record<string, number | boolean>;
    samples: readonly ProbeSample[];
    tellAt?: number;
    masterBefore?: string;
  }) => DualMasterFacts;
  /** Final health in this system's terms. */
  health: SystemHealth;
}
