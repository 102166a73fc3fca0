import type { FinalHealth } from '../../shared/scenario-types';
import { healthList, stillActive } from './debrief-text';
import { systemDebrief } from './system-debriefs';

/**
 * The final health as label/value pairs in the terms of `system`
 * (SystemDebrief.healthRows). Plain text; the caller escapes. A system this build does not have
 * (an attempt kept from another build) gets the common rows and says so,
 * rather than losing the export.
 */
export function finalHealthRows(f: FinalHealth, system: string): [string, string][] {
  try {
    return systemDebrief(system).healthRows(f);
  } catch (error) {
    return [
      ['Masters', f.masters.join(', ') || 'none'],
      ['Replicas caught up', healthList.caught(f)],
      ['Still active', stillActive(f)],
      ['Note', error instanceof Error ? error.message : String(error)],
    ];
  }
}
