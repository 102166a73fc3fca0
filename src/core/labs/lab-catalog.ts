import { keepalivedLab } from './keepalived/keepalived.lab';
import type { LabDefinition } from './lab-definition';
import { patroniLab } from './patroni/patroni.lab';
import { redisSentinelLab } from './redis-sentinel/redis-sentinel.lab';

/** The labs the app offers, by id. */
export function defaultLabCatalog(): Map<string, LabDefinition> {
  const labs = [redisSentinelLab(), patroniLab(), keepalivedLab()];
  return new Map(labs.map((lab) => [lab.summary.id, lab]));
}
