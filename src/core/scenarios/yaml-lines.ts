import {
  LineCounter,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Document,
} from 'yaml';
import { YAML_LIMITS, documentShapeProblem, yamlShapeProblem } from './yaml-guard';

/** A YAML document parsed with the source positions of its nodes. */
export interface PositionedYaml {
  doc: Document.Parsed;
  lines: LineCounter;
  /** Syntax errors, each at its 1-based line. Empty when the text parses. */
  errors: { line: number; message: string }[];
}

/**
 * Parses YAML text keeping a line counter, so any field can be traced back to
 * its line. Errors say where they are themselves (`... at line 3, column 5`):
 * yaml's `prettyErrors` would also quote the line, at 3 to 5 times the cost
 * when a hostile file holds thousands of errors.
 */
export function parseYamlWithLines(text: string): PositionedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const errors = doc.errors.map((e) => {
    const { line, col } = lines.linePos(e.pos[0]);
    const message = e.message.split('\n')[0] ?? e.message;
    return { line, message: `${message} at line ${line}, column ${col}` };
  });
  return { doc, lines, errors };
}

/** A file's YAML as plain data, or why it cannot be had (each reason at its 1-based line). */
export type YamlValue =
  | { ok: true; yaml: PositionedYaml; value: unknown }
  | { ok: false; errors: { line: number; message: string }[] };

/**
 * Parses YAML text from a file that cannot be trusted and converts it to
 * plain data, within {@link YAML_LIMITS}: the token shape is checked before
 * composing, the document's shape (plain keys, aliases, depth) before
 * converting, and the conversion caps alias expansion. Never throws for
 * anything in the text.
 */
export function readYamlValue(text: string): YamlValue {
  const early = yamlShapeProblem(text);
  if (early) return { ok: false, errors: [early] };
  const yaml = parseYamlWithLines(text);
  if (yaml.errors.length > 0) return { ok: false, errors: yaml.errors };
  const shape = documentShapeProblem(yaml.doc, yaml.lines);
  if (shape) return { ok: false, errors: [shape] };
  try {
    return { ok: true, yaml, value: yaml.doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount }) };
  } catch (error) {
    let line = 1;
    visit(yaml.doc, {
      Alias(_, node) {
        line = lineOfOffset(yaml.lines, node.range?.[0]) ?? 1;
        return visit.BREAK;
      },
    });
    const message = (error as Error).message.startsWith('Excessive alias count')
      ? `aliases expand to over ${YAML_LIMITS.maxAliasCount} nodes`
      : `cannot convert: ${(error as Error).message.split('\n')[0]}`;
    return { ok: false, errors: [{ line, message }] };
  }
}

function lineOfOffset(lines: LineCounter, offset: number | undefined): number | undefined {
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

/**
 * The 1-based line of the field at `path` (keys and array indexes, as in a
 * zod issue path). For a map entry it is the line of its key (a block value
 * starts below it); when the path goes further than the document (a missing
 * field), the line of the deepest part that exists. Line 1 for the root.
 */
export function lineOfPath(
  { doc, lines }: Pick<PositionedYaml, 'doc' | 'lines'>,
  path: readonly PropertyKey[],
): number {
  let node: unknown = doc.contents;
  let line = (isNode(node) ? lineOfOffset(lines, node.range?.[0]) : undefined) ?? 1;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (!pair) break;
      const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
      line = lineOfOffset(lines, keyRange?.[0]) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (!isNode(item)) break;
      line = lineOfOffset(lines, item.range?.[0]) ?? line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}
