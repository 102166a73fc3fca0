import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { responseFileJsonSchema, scenarioJsonSchema } from '../../shared/scenario-schema';

/** File name of the JSON Schema in the scenarios folder (editors point YAML files at it). */
export const SCENARIO_SCHEMA_FILE = 'scenario.schema.json';
/** File name of the response files' JSON Schema in the scenarios folder. */
export const RESPONSE_SCHEMA_FILE = 'response.schema.json';

/** The JSON Schema of scenario files, as the committed file holds it. */
export function scenarioJsonSchemaText(): string {
  const schema = {
    title: 'Failover Dojo scenario',
    ...(scenarioJsonSchema() as Record<string, unknown>),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** The JSON Schema of response files (`<system>/responses/*.yaml`), as the committed file holds it. */
export function responseJsonSchemaText(): string {
  const schema = {
    title: 'Failover Dojo scripted response',
    ...(responseFileJsonSchema() as Record<string, unknown>),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/**
 * Writes `<scenariosDir>/scenario.schema.json` and `response.schema.json`
 * from the zod schemas (the source of truth). A unit test fails when a
 * committed file is stale. Returns the scenario schema's path.
 */
export async function writeScenarioJsonSchema(scenariosDir: string): Promise<string> {
  const file = path.join(scenariosDir, SCENARIO_SCHEMA_FILE);
  await writeFile(file, scenarioJsonSchemaText(), 'utf8');
  await writeFile(path.join(scenariosDir, RESPONSE_SCHEMA_FILE), responseJsonSchemaText(), 'utf8');
  return file;
}
