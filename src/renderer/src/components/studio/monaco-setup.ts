import 'monaco-editor/esm/vs/editor/edcore.main.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import { configureMonacoYaml } from 'monaco-yaml';
import { scenarioJsonSchema } from '../../../../shared/scenario-schema';
import YamlWorker from './yaml.worker?worker';

/** The model URI every scenario draft is edited under (the schema's fileMatch names it). */
export const SCENARIO_MODEL_URI = 'inmemory://dojo/scenario.yaml';

let configured = false;

/**
 * Sets monaco up once per page, offline: the editor's core and the YAML
 * language (syntax, plus monaco-yaml's completion, hover and schema markers
 * from the scenario JSON Schema, built from the same zod schema the loader
 * uses). Both web workers are files Vite builds beside the bundle: no CDN,
 * no schema download.
 */
export function setUpMonaco(): typeof monaco {
  if (configured) return monaco;
  configured = true;
  (globalThis as { MonacoEnvironment?: monaco.Environment }).MonacoEnvironment = {
    getWorker: (_moduleId: string, label: string) =>
      label === 'yaml' ? new YamlWorker() : new EditorWorker(),
  };
  configureMonacoYaml(monaco, {
    enableSchemaRequest: false,
    validate: true,
    completion: true,
    hover: true,
    schemas: [
      {
        uri: 'inmemory://dojo/scenario.schema.json',
        fileMatch: [SCENARIO_MODEL_URI],
        schema: {
          title: 'Failover Dojo scenario',
          ...(scenarioJsonSchema() as Record<string, unknown>),
        },
      },
    ],
  });
  return monaco;
}
