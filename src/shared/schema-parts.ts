import { z } from 'zod';

/**
 * The building blocks of the scenario file format that every part of it
 * uses (durations, names, ids, a fault's timing, id and duration, enums with
 * a description per value): scenario-schema.ts composes the format from
 * them, each system's own parts (src/systems/<system>/shared/<system>.schema.ts)
 * use them too.
 */

/**
 * An enum with a description of the field and one of each value: JSON
 * Schema's `enumDescriptions`, which the scenario editor shows next to each
 * value it offers. Only metadata: the schema validates and infers as before.
 */
export function withValueDocs<T extends Readonly<Record<string, string>>>(
  schema: z.ZodEnum<T>,
  description: string,
  values: { readonly [K in T[keyof T]]: string },
): z.ZodEnum<T> {
  return schema.meta({ description, enumDescriptions: schema.options.map((v) => values[v]) });
}

/**
 * An enum of the keys of `docs`, each value described by its entry (see
 * withValueDocs): how the schema composes an enum from generic values and
 * each system's own.
 */
export function enumWithDocs<T extends Readonly<Record<string, string>>>(
  docs: T,
  description: string,
): z.ZodEnum<{ [K in keyof T & string]: K }> {
  const keys = Object.keys(docs) as [keyof T & string, ...(keyof T & string)[]];
  return withValueDocs(z.enum(keys), description, docs);
}

/** A duration: `500ms`, `8s`, `1.5s`, `2m`. */
export const durationSchema = z
  .string()
  .regex(/^\d+(\.\d+)?(ms|s|m)$/, 'a duration like 500ms, 8s or 2m')
  .describe('a duration like 500ms, 8s or 2m');
export type Duration = z.infer<typeof durationSchema>;

/** Milliseconds of a duration string. */
export function durationMs(d: Duration): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(d);
  if (!m) throw new Error(`not a duration: ${d}`);
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000);
}

/** A lab node's or workload client's name, e.g. `redis-1`. */
export const nodeName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'a node or client name like redis-1');
/** An id: lowercase letters, digits and dashes. */
export const id = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes');

/** When a fault fires. Offsets count from the moment the lab is ready and the workload writes. */
export const faultTimingSchema = z
  .union([
    z
      .object({
        after: durationSchema.describe(
          'Fires this long after the start, a duration like 20s; it must come before the time limit.',
        ),
      })
      .strict(),
    /** A random moment in [from, to], drawn from the run's seed (same seed, same moment). */
    z
      .object({
        between: z
          .tuple([
            durationSchema.describe('The start of the window, a duration like 15s.'),
            durationSchema.describe(
              'The end of the window: not before its start, and before the time limit.',
            ),
          ])
          .describe(
            "Fires at a random moment in [from, to] after the start, drawn from the run's seed (same seed, same moment).",
          ),
      })
      .strict(),
    /** In the same step as another timed fault, right after it is in place. */
    z
      .object({
        with: z
          .string()
          .regex(/^[a-z][a-z0-9-]{0,63}$/, 'a fault id')
          .describe(
            "Fires together with the fault of this id (declared before it, timed by after or between), right after that one is in place, in every pace: two sides of one event, like a rack's uplink failing and its clocks jumping.",
          ),
      })
      .strict(),
    /** Only when an instructor (or a scripted response) triggers it. */
    z
      .object({
        trigger: z
          .literal('instructor')
          .describe(
            'Fires only when an instructor triggers it (or a scripted trigger-fault step does), in every pace.',
          ),
      })
      .strict(),
  ])
  .describe(
    'When the fault fires, counted from the start (the lab ready and the workload writing): after a fixed delay, at a random moment in a window, together with another fault, or when an instructor triggers it. In the fast profile a timed fault fires at its fast.faults time instead (default 5s).',
  );
export type FaultTiming = z.infer<typeof faultTimingSchema>;

/** A fault's `id`, as every fault kind has one. */
export const faultId = id.describe(
  "The fault's id (lowercase letters, digits and dashes), unique in the scenario: steps and hints count from it (since), heal and trigger-fault name it, and fast.faults times it.",
);

/** A fault's `duration`, as every fault kind has one. */
export const faultDuration = durationSchema
  .optional()
  .describe(
    'The fault heals itself this long after it fired, a duration like 30s; absent, it stays until a heal or a move undoes it, or the run ends (every fault is reverted then).',
  );

/**
 * A setting a trainee may change before a start (prevention drills), as the
 * scenario card shows it: a number field with the bounds of the setting's
 * schema (the engine validates again), or a toggle with a one-line title.
 * Each system's schema part lists its own (`traineeSettings`).
 */
export type TraineeSettingForm =
  | { type: 'number'; label: string; min: number; max: number; unit?: string }
  | { type: 'boolean'; label: string; title: string };
