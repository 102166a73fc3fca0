import {
  LineCounter,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
} from 'yaml';

/** A YAML document parsed with the source positions of its nodes. */
export interface PositionedYaml {
  doc: Document.Parsed;
  lines: LineCounter;
  /** Syntax errors, each at its 1-based line. Empty when the text parses. */
  errors: { line: number; message: string }[];
}

/** Parses YAML text keeping a line counter, so any field can be traced back to its line. */
export function parseYamlWithLines(text: string): PositionedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  const errors = doc.errors.map((e) => ({
    line: e.linePos?.[0]?.line ?? 1,
    message: e.message.split('\n')[0] ?? e.message,
  }));
  return { doc, lines, errors };
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
