import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { YAML_LIMITS, yamlShapeProblem } from './yaml-guard';
import { readYamlValue } from './yaml-lines';

const DIR = fileURLToPath(new URL('../../../scenarios', import.meta.url));

/** The first reason `text` is refused, or 'ok'. */
function verdict(text: string): string {
  const read = readYamlValue(text);
  return read.ok ? 'ok' : `${read.errors[0]!.line}: ${read.errors[0]!.message}`;
}

describe('YAML limits', () => {
  it('every shipped scenario and response file is far inside them', async () => {
    for (const system of ['redis-sentinel', 'patroni', 'keepalived']) {
      for (const sub of ['', 'responses']) {
        const dir = path.join(DIR, system, sub);
        const names = (await readdir(dir).catch(() => [])).filter((n) => n.endsWith('.yaml'));
        for (const name of names) {
          const text = await readFile(path.join(dir, name), 'utf8');
          // Half the limits still pass: room to grow.
          const half = {
            maxTokens: YAML_LIMITS.maxTokens / 2,
            maxNodes: YAML_LIMITS.maxNodes / 2,
            maxFlowDepth: YAML_LIMITS.maxFlowDepth / 2,
            maxBlockColumn: YAML_LIMITS.maxBlockColumn / 2,
            maxDepth: YAML_LIMITS.maxDepth / 2,
            maxAliasCount: YAML_LIMITS.maxAliasCount,
          };
          expect(yamlShapeProblem(text, half), name).toBeUndefined();
          expect(verdict(text), name).toBe('ok');
        }
      }
    }
  });

  it('refuses deep block nesting before composing it, at its line', () => {
    expect(verdict(`${'- '.repeat(5_000)}x\n`)).toBe('1: nested or indented past column 64');
    expect(verdict(`${'? '.repeat(400)}x\n`)).toBe('1: nested or indented past column 64');
    const stairs = Array.from({ length: 40 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(verdict(`${stairs} v\n`)).toBe('33: nested over 32 levels deep');
  });

  it('refuses too many nodes or tokens', () => {
    const keys = Array.from({ length: 3_000 }, (_, i) => `k${i}: v`).join('\n');
    expect(verdict(keys)).toMatch(/^\d+: more than 5000 YAML nodes$/);
    expect(verdict('\n'.repeat(30_000))).toBe('20001: more than 20000 YAML tokens');
  });

  it('refuses collection keys, dangling and circular aliases, and aliases that nest too deep', () => {
    expect(verdict('? [a, b]\n: v\n')).toBe('1: a key must be a plain value');
    expect(verdict('a: *nowhere\n')).toMatch(/^1: /);
    expect(verdict('a: &x [1, *x]\n')).toBe('1: alias *x refers to a node holding it');
    const deep = `${'['.repeat(15)}1${']'.repeat(15)}`;
    const chain = `a: &a ${deep}\nb: &b ${'['.repeat(15)}*a${']'.repeat(15)}\nc: ${'['.repeat(5)}*b${']'.repeat(5)}\n`;
    expect(verdict(chain)).toBe('3: nested over 32 levels deep once aliases are expanded');
    expect(verdict('a: &a [1, 2]\nb: [*a, *a]\n')).toBe('ok');
  });
});
