import { describe, expect, it } from 'vitest';
import { durationSchema, scenarioJsonSchema } from '../../shared/scenario-schema';

/** A node of the generated JSON Schema (only the keywords this test reads). */
interface JsonSchemaNode {
  description?: unknown;
  enum?: unknown[];
  enumDescriptions?: unknown;
  const?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: JsonSchemaNode | boolean;
  items?: JsonSchemaNode | boolean;
  prefixItems?: JsonSchemaNode[];
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
  $defs?: Record<string, JsonSchemaNode>;
}

/**
 * Descriptions of shared building blocks: a field that shows only one of
 * them says what its values look like, not what the field means.
 */
const GENERIC = new Set([durationSchema.description]);

/**
 * What the scenario editor would show without docs: every property without a
 * description of its own (or with only a building block's), every enum
 * without one description per value (`enumDescriptions`), every tuple
 * position and every alternative constant (`anyOf` of `const`s) without a
 * description. Paths like `faults[].at.between[0]`.
 */
function undocumented(node: JsonSchemaNode, path: string, out: string[] = []): string[] {
  const documented = (n: JsonSchemaNode): boolean =>
    typeof n.description === 'string' &&
    n.description.trim().length > 0 &&
    !GENERIC.has(n.description);
  for (const [name, prop] of Object.entries(node.properties ?? {})) {
    const at = path ? `${path}.${name}` : name;
    if (!documented(prop)) out.push(at);
    undocumented(prop, at, out);
  }
  if (node.enum && node.enum.length > 1) {
    const docs = node.enumDescriptions;
    const ok =
      Array.isArray(docs) &&
      docs.length === node.enum.length &&
      docs.every((d) => typeof d === 'string' && d.trim().length > 0);
    if (!ok) out.push(`${path} (enumDescriptions: one per value of ${JSON.stringify(node.enum)})`);
  }
  (node.prefixItems ?? []).forEach((item, i) => {
    if (!documented(item)) out.push(`${path}[${i}]`);
    undocumented(item, `${path}[${i}]`, out);
  });
  for (const branches of [node.anyOf, node.oneOf, node.allOf]) {
    if (!branches) continue;
    const constants = branches.every((b) => b.const !== undefined);
    branches.forEach((b) => {
      if (constants && !documented(b)) out.push(`${path} (= ${JSON.stringify(b.const)})`);
      // A fault or a move: name its kind in the paths, e.g. `faults[](partition).groups`.
      const kind = b.properties?.kind?.const;
      undocumented(b, typeof kind === 'string' ? `${path}(${kind})` : path, out);
    });
  }
  if (typeof node.items === 'object') undocumented(node.items, `${path}[]`, out);
  if (typeof node.additionalProperties === 'object')
    undocumented(node.additionalProperties, `${path}.*`, out);
  for (const [name, def] of Object.entries(node.$defs ?? {}))
    undocumented(def, `$defs.${name}`, out);
  return out;
}

describe('the scenario JSON Schema documents every field (the scenario editor shows these docs)', () => {
  const schema = scenarioJsonSchema() as JsonSchemaNode;

  it('every property, enum value, tuple position and alternative constant has a description', () => {
    expect(undocumented(schema, '')).toEqual([]);
  });

  it('the walk finds what it should', () => {
    expect(
      undocumented(
        {
          properties: {
            a: { description: 'A.' },
            b: { properties: { c: {} } },
            d: { description: 'D.', enum: ['x', 'y'], enumDescriptions: ['X.'] },
            e: {
              description: 'E.',
              prefixItems: [{ description: 'first' }, { description: durationSchema.description }],
            },
            f: { description: 'F.', anyOf: [{ const: 1, description: 'one' }, { const: 3 }] },
            g: {
              description: 'G.',
              items: {
                anyOf: [
                  {
                    properties: {
                      kind: { const: 'k', description: 'K.' },
                      h: { description: ' ' },
                    },
                  },
                ],
              },
            },
            i: { description: 'I.', additionalProperties: { properties: { j: {} } } },
          },
        },
        '',
      ),
    ).toEqual([
      'b',
      'b.c',
      'd (enumDescriptions: one per value of ["x","y"])',
      'e[1]',
      'f (= 3)',
      'g[](k).h',
      'i.*.j',
    ]);
  });

  it('covers the whole file: scenario, lab settings of each system, faults, checks, steps', () => {
    const text = JSON.stringify(schema);
    for (const name of ['downAfterMs', 'loopWait', 'advertIntSeconds', 'lostBands', 'why'])
      expect(text).toContain(`"${name}"`);
    // ...so the count of descriptions is the scenario file's size, not a handful.
    expect(text.match(/"description":/g)?.length ?? 0).toBeGreaterThan(200);
  });
});
