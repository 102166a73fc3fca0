import { z } from 'zod';
import type { ScenarioProblem, ScenarioSource } from './scenario-schema';

/** A response file of a scenario: its name in `<system>/responses/` and its text, verbatim. */
export interface ResponseFileText {
  /** File name only, e.g. `stale-leader-human.yaml`. */
  name: string;
  text: string;
}

/** A scenario's own file as the studio's editor opens it (EngineApi.getScenarioSource). */
export interface ScenarioSourceText {
  scenarioId: string;
  source: ScenarioSource;
  /** `<system>/<id>.yaml` (or `.yml`), relative to its folder (shipped or library). */
  file: string;
  /** The file's text, verbatim (comments and all). */
  text: string;
  /** True for a shipped scenario: save it under a new id to edit it ("copy to edit"). */
  readOnly: boolean;
  /**
   * The files of `<system>/responses/` that belong to it: named `<id>-*.yaml`
   * (and not the longer id of another scenario of the folder), or with a
   * top-level `scenario: <id>` field, which wins over the name. Name order.
   */
  responses: ResponseFileText[];
}

/** What saving (or importing) a scenario did: the file written, or why nothing was. */
export type SaveScenarioResult =
  | {
      ok: true;
      scenarioId: string;
      /** `<system>/<id>.yaml` in the library. */
      file: string;
    }
  | { ok: false; problems: ScenarioProblem[] };

/** What importing a bundle did: the scenario now in the library, or why nothing was written. */
export type ImportScenarioResult =
  { ok: true; scenarioId: string } | { ok: false; problems: ScenarioProblem[] };

/** What deleting a library scenario did: the files removed. */
export interface DeleteScenarioResult {
  /** Removed files, relative to the library: `<system>/<id>.yaml`, `<system>/responses/...`. */
  deleted: string[];
}

/** The `format` field of a scenario bundle file. */
export const SCENARIO_BUNDLE_FORMAT = 'failover-dojo.scenario-bundle';
/** The bundle format's version this app writes and reads. */
export const SCENARIO_BUNDLE_VERSION = 1;
/** Largest bundle imported, in characters of its JSON text (1 MiB). */
export const SCENARIO_BUNDLE_MAX_CHARS = 1024 * 1024;
/** Most response files a bundle may carry. */
export const SCENARIO_BUNDLE_MAX_RESPONSES = 50;
/** A response file's name in a bundle: a plain file name, no folder. */
export const RESPONSE_FILE_NAME = /^[a-z0-9][a-z0-9-]{0,99}\.ya?ml$/;
/** The suffix of an exported bundle's file name: `<id>.dojo-scenario.json`. */
export const SCENARIO_BUNDLE_SUFFIX = '.dojo-scenario.json';

/**
 * One scenario and its response files as one JSON file a colleague can
 * import (EngineApi.exportScenario / importScenario). Texts are verbatim,
 * so comments survive the trip.
 */
export const scenarioBundleSchema = z
  .object({
    format: z.literal(SCENARIO_BUNDLE_FORMAT),
    version: z.literal(SCENARIO_BUNDLE_VERSION),
    scenario: z
      .object({
        /** `<system>/<id>.yaml` where it came from; problems of its text name this file. */
        file: z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]{0,63}\/[a-z][a-z0-9-]{0,63}\.ya?ml$/, '<system>/<id>.yaml'),
        text: z.string(),
      })
      .strict(),
    responses: z
      .array(
        z
          .object({
            name: z.string().regex(RESPONSE_FILE_NAME, 'a file name like <id>-wrong.yaml'),
            text: z.string(),
          })
          .strict(),
      )
      .max(SCENARIO_BUNDLE_MAX_RESPONSES),
  })
  .strict();

export type ScenarioBundle = z.infer<typeof scenarioBundleSchema>;
