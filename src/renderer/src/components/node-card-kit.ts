import type { ComponentType } from 'react';
import type { NodeObservation } from '../../../shared/lab-types';

/**
 * The node card's kit: what a system adds to its nodes' cards. The card
 * shows the facts every replicating node may have (offset, replication id,
 * whom it follows, its link, its replicas), then the system's own facts, then
 * the clock and the probe's round trip. Each system words its nodes' facts
 * in its `ui/*-node-card.ts(x)`, named by SYSTEM_VIEWS' `nodeCard`; the card
 * finds a node's system by its kind (SystemTraits.ownKinds).
 */

/** One line of a node card's facts. */
export interface NodeFact {
  /** The label (`term`, `priority`...): unique within a card. */
  label: string;
  value: string;
  /** The value is a warning sign, shown as one (a member that knows no leader, a master flagged down). */
  alarm?: boolean;
  /** The tooltip, when it is not the value itself (the full text of a shortened value). */
  title?: string;
}

/** What one system adds to its nodes' cards. */
export interface NodeCardPart {
  /** The node's own facts, in the card's order; none for a node the system has nothing more to say of. */
  facts: (obs: NodeObservation) => NodeFact[];
  /**
   * A badge after the role badge (the role as another voice reports it), shown
   * only while the lab runs; null for none.
   */
  Badge?: ComponentType<{ obs: NodeObservation }>;
  /**
   * The label of the card's `following` fact for this node (a coordinator
   * "believes" in a master), or null to leave it out when the system's own facts
   * say whom the node follows. Without it: `following`.
   */
  followingLabel?: (obs: NodeObservation) => string | null;
}
