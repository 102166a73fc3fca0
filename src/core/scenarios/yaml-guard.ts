import {
  CST,
  Lexer,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
} from 'yaml';

/** How much YAML a scenario or response file may hold. */
export interface YamlLimits {
  /** Lexer tokens of any kind, blank lines and indentation included. */
  maxTokens: number;
  /** Nodes (scalars, collections, entries), counted while lexing. */
  maxNodes: number;
  /** Nested flow collections (`[`, `{`), counted while lexing. */
  maxFlowDepth: number;
  /** Column (0-based) of a block entry (`-`, `?`) or of a line's first token; bounds block nesting. */
  maxBlockColumn: number;
  /** Levels of nested collections, aliases expanded. */
  maxDepth: number;
  /** yaml's `maxAliasCount`: how many nodes alias expansion may produce. */
  maxAliasCount: number;
}

/**
 * The limits in force. A shipped scenario has ~1,200 tokens and ~450 nodes,
 * nests 6 levels (2 of them flow `[`/`{`), indents 6 columns and uses no
 * aliases; the limits leave room for far bigger ones while keeping the yaml
 * library's recursive composer and its `toJS` step fast and far from the
 * end of the call stack.
 */
export const YAML_LIMITS: Readonly<YamlLimits> = {
  maxTokens: 20_000,
  maxNodes: 5_000,
  maxFlowDepth: 16,
  maxBlockColumn: 64,
  maxDepth: 32,
  maxAliasCount: 100, // yaml's default
};

/** A problem with the shape of a YAML text, at its 1-based line. */
export interface YamlShapeProblem {
  line: number;
  message: string;
}

const NODE_TYPES = new Set([
  'scalar',
  'single-quoted-scalar',
  'double-quoted-scalar',
  'block-scalar-header',
  'alias',
  'flow-seq-start',
  'flow-map-start',
  'seq-item-ind',
  'explicit-key-ind',
  'map-value-ind',
  'comma',
]);
/** Lexer tokens that stand for nothing in the source (they have no length there). */
const VIRTUAL = new Set([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

/**
 * Looks at the tokens of `text` before it is composed, stopping at the first
 * limit passed: too many nodes, flow collections nested too deep, block
 * entries indented too far. The yaml composer recurses once per level (a
 * 10 KB line of `[` overflowed the stack) and some shapes cost it far more
 * than their size (800 bytes of `? ` took over a minute), so such texts
 * never reach it. Linear in the text's length.
 */
export function yamlShapeProblem(
  text: string,
  limits: Readonly<YamlLimits> = YAML_LIMITS,
): YamlShapeProblem | undefined {
  let offset = 0;
  let lineStart = 0;
  let line = 1;
  let atLineStart = true;
  let flow = 0;
  let nodes = 0;
  let tokens = 0;
  for (const token of new Lexer().lex(text)) {
    if (++tokens > limits.maxTokens)
      return { line, message: `more than ${limits.maxTokens} YAML tokens` };
    const type = CST.tokenType(token);
    if (type && NODE_TYPES.has(type) && ++nodes > limits.maxNodes)
      return { line, message: `more than ${limits.maxNodes} YAML nodes` };
    if (type === 'flow-seq-start' || type === 'flow-map-start') {
      if (++flow > limits.maxFlowDepth)
        return {
          line,
          message: `flow collections ([ or {) nested over ${limits.maxFlowDepth} deep`,
        };
    } else if (type === 'flow-seq-end' || type === 'flow-map-end') flow = Math.max(0, flow - 1);
    else if (type === 'flow-error-end') flow = 0;
    const content = type !== 'space' && type !== 'newline' && type !== 'comment';
    if (
      flow === 0 &&
      content &&
      (atLineStart || type === 'seq-item-ind' || type === 'explicit-key-ind') &&
      offset - lineStart > limits.maxBlockColumn
    )
      return { line, message: `nested or indented past column ${limits.maxBlockColumn}` };
    if (content) atLineStart = false;
    if (VIRTUAL.has(token)) continue;
    for (let i = token.indexOf('\n'); i !== -1; i = token.indexOf('\n', i + 1)) {
      line++;
      lineStart = offset + i + 1;
      atLineStart = true;
    }
    offset += token.length;
  }
  return undefined;
}

/**
 * Walks a composed document without recursion: every map key must be a
 * plain scalar (yaml stringifies a collection key at a cost that grows
 * exponentially with its depth), every alias must point to an anchor set
 * before it and outside itself (no cycles), and the nesting, aliases
 * expanded, stays within `maxDepth`.
 */
export function documentShapeProblem(
  doc: Document.Parsed,
  lines: LineCounter,
  limits: Readonly<YamlLimits> = YAML_LIMITS,
): YamlShapeProblem | undefined {
  const lineOf = (node: unknown): number =>
    (node as Node | null)?.range ? lines.linePos((node as Node).range![0]).line : 1;
  /** Height (levels of collections) of each finished node; an anchor resolves to the latest. */
  const height = new Map<unknown, number>();
  const anchors = new Map<string, unknown>();
  const open = new Set<unknown>();
  interface Frame {
    node: unknown;
    children: unknown[];
    next: number;
    height: number;
  }
  const stack: Frame[] = [];
  const enter = (node: unknown): YamlShapeProblem | undefined => {
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) anchors.set(anchor, node);
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target === undefined)
        return { line: lineOf(node), message: `alias *${node.source} has no anchor before it` };
      if (open.has(target))
        return { line: lineOf(node), message: `alias *${node.source} refers to a node holding it` };
      height.set(node, height.get(target) ?? 0);
      return undefined;
    }
    if (!isMap(node) && !isSeq(node)) {
      height.set(node, 0);
      return undefined;
    }
    if (stack.length >= limits.maxDepth)
      return { line: lineOf(node), message: `nested over ${limits.maxDepth} levels deep` };
    const children: unknown[] = [];
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        if (!isScalar(item.key))
          return { line: lineOf(item.key), message: 'a key must be a plain value' };
        children.push(item.key, item.value);
      } else children.push(item);
    }
    open.add(node);
    stack.push({ node, children, next: 0, height: 1 });
    return undefined;
  };
  let problem = enter(doc.contents);
  while (!problem && stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      const child = top.children[top.next++];
      problem = enter(child);
      const h = height.get(child);
      if (h !== undefined) {
        if (stack.length + h > limits.maxDepth)
          problem ??= {
            line: lineOf(child),
            message: `nested over ${limits.maxDepth} levels deep once aliases are expanded`,
          };
        top.height = Math.max(top.height, h + 1);
      }
      continue;
    }
    stack.pop();
    open.delete(top.node);
    height.set(top.node, top.height);
    const parent = stack[stack.length - 1];
    if (parent) parent.height = Math.max(parent.height, top.height + 1);
  }
  return problem;
}
