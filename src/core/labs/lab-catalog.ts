import { systemEngines } from '../systems/scenario-systems';
import type { LabDefinition } from './lab-definition';

/** The labs the app offers, by id: each registered system's lab with its default settings. */
export function defaultLabCatalog(): Map<string, LabDefinition> {
  const labs = systemEngines().map((s) => s.defaultLab());
  return new Map(labs.map((lab) => [lab.summary.id, lab]));
}
