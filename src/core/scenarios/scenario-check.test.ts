import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenarioText, SCENARIO_TEXT_MAX_CHARS } from './scenario-check';

const shipped = (file: string) =>
  readFile(path.resolve(__dirname, '../../../scenarios', file), 'utf8');

describe('checkScenarioText (the studio’s markers)', () => {
  it('passes a shipped scenario and gives its card and file', async () => {
    const r = checkScenarioText(await shipped('redis-sentinel/stale-leader.yaml'));
    expect(r.problems).toEqual([]);
    expect(r.file).toBe('redis-sentinel/stale-leader.yaml');
    expect(r.summary?.id).toBe('stale-leader');
  });

  it('marks a fault naming a node the lab does not have, at its line', async () => {
    const text = (await shipped('redis-sentinel/stale-leader.yaml')).replace(
      '- [redis-1, app-pinned]',
      '- [redis-9, app-pinned]',
    );
    expect(text).toContain('redis-9');
    const line = text.split('\n').findIndex((l) => l.includes('redis-9')) + 1;
    const r = checkScenarioText(text);
    expect(r.summary).toBeUndefined();
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems.some((p) => p.line === line && /redis-9/.test(p.message))).toBe(true);
  });

  it('reports a syntax error at its line, and a text too long without parsing it', () => {
    const r = checkScenarioText('id: x\nsystem: [\n');
    expect(r.problems[0]?.line).toBeGreaterThan(1);
    expect(r.file).toBe('draft/x.yaml');
    const long = checkScenarioText('#'.repeat(SCENARIO_TEXT_MAX_CHARS + 1));
    expect(long.problems).toHaveLength(1);
    expect(long.problems[0]?.message).toMatch(/characters/);
  });

  it('reports an alias bomb and nesting too deep without expanding them', () => {
    let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 9; i++) {
      const [prev, name] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      bomb += `${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    }
    expect(checkScenarioText(bomb).problems[0]?.message).toMatch(/alias/);
    expect(checkScenarioText('['.repeat(10_000)).problems.length).toBeGreaterThan(0);
  });
});
