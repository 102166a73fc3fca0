import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { scenarioJsonSchema } from '../../shared/scenario-schema';

/** File name of the JSON Schema in the scenarios folder (editors point YAML files at it). */
export const SCENARIO_SCHEMA_FILE = 'scenario.schema.json';

/** The JSON Schema of scenario files, as the committed file holds it. */
export function scenarioJsonSchemaText(): string {
  const schema = {
    title: 'Failover Dojo scenario',
    ...(scenarioJsonSchema() as Record<string, unknown>),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/**
 * Writes `<scenariosDir>/scenario.schema.json` from the zod schema (the
 * source of truth). A unit test fails when the committed file is stale.
 */
export async function writeScenarioJsonSchema(scenariosDir: string): Promise<string> {
  const file = path.join(scenariosDir, SCENARIO_SCHEMA_FILE);
  await writeFile(file, scenarioJsonSchemaText(), 'utf8');
  return file;
}
