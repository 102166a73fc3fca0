import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { responseFileJsonSchema, responseFileSchema } from '../../shared/scenario-schema';
import { parseResponseText } from './response-file';
import { loadScenarios } from './scenario-loader';

const DIR = fileURLToPath(new URL('../../../scenarios', import.meta.url));
const { scenarios } = await loadScenarios(DIR);
const staleLeader = scenarios.get('stale-leader')!;
const drill = scenarios.get('prevention-drill')!;

/** A wrong response for stale-leader, with `extra` lines after the header's scenario. */
const wrong = (
  header: string,
  steps = '  - { since: cut-master, after: 30s, do: { kind: end } }\n',
) => `${header}steps:\n${steps}`;
const HEADER = [
  'scenario: stale-leader',
  'mistake: Takes the split for a blip and waits.',
  'mustFail: [fenced-before-rejoin, divergent-writes-saved]',
  '',
].join('\n');

describe('a response file with a header (a wrong response)', () => {
  it('parses the header and the steps', () => {
    const r = parseResponseText(wrong(`${HEADER}waitsItOut: true\n`), 'w.yaml', staleLeader);
    expect(r).toEqual({
      ok: true,
      scenario: 'stale-leader',
      mistake: 'Takes the split for a blip and waits.',
      mustFail: ['fenced-before-rejoin', 'divergent-writes-saved'],
      waitsItOut: true,
      steps: [{ since: 'cut-master', after: '30s', do: { kind: 'end' } }],
    });
  });

  it('still reads a bare list of steps, with no header', () => {
    const r = parseResponseText('- { after: 20s, do: { kind: end } }\n', 'r.yaml', staleLeader);
    expect(r).toEqual({ ok: true, steps: [{ since: 'start', after: '20s', do: { kind: 'end' } }] });
  });

  it('refuses a header for another scenario, at the line of `scenario`', () => {
    const text = wrong(HEADER.replace('scenario: stale-leader', 'scenario: one-way-partition'));
    const r = parseResponseText(text, 'w.yaml', staleLeader);
    expect(r.ok ? [] : r.problems).toEqual([
      {
        file: 'w.yaml',
        line: 1,
        path: 'scenario',
        message: 'this response is for "one-way-partition", but it is run against "stale-leader"',
      },
    ]);
  });

  it('refuses a mustFail check the scenario does not grade, at its line', () => {
    const text = wrong(
      HEADER.replace(
        'mustFail: [fenced-before-rejoin, divergent-writes-saved]',
        'mustFail:\n  - fenced-before-rejoin\n  - config-fixed\n  - fenced-before-rejoin',
      ),
    );
    const r = parseResponseText(text, 'w.yaml', staleLeader);
    expect(r.ok ? [] : r.problems).toEqual([
      expect.objectContaining({
        line: 5,
        path: 'mustFail.1',
        message: expect.stringMatching(/^"config-fixed" is not a check of stale-leader \(/),
      }),
      expect.objectContaining({
        line: 6,
        path: 'mustFail.2',
        message: expect.stringMatching(/twice/),
      }),
    ]);
  });

  it('needs at least one mustFail, a mistake and steps', () => {
    const r = parseResponseText('scenario: stale-leader\nmustFail: []\n', 'w.yaml', staleLeader);
    expect(r.ok ? [] : r.problems.map((p) => [p.line, p.path])).toEqual([
      [1, 'mistake'],
      [2, 'mustFail'],
      [1, 'steps'],
    ]);
  });

  it('names a step problem by its path under steps, at its line', () => {
    const steps = [
      '  - { since: cut-master, after: 6s, do: { kind: isolate-clients, node: redis-2 } }',
      '  - { since: cut-master, after: 8s, do: { kind: stop, node: redis-9 } }',
      '  - { since: nothing, after: 9s, do: { kind: end } }',
      '',
    ].join('\n');
    const r = parseResponseText(wrong(HEADER, steps), 'w.yaml', staleLeader);
    expect(r.ok ? [] : r.problems.map((p) => [p.line, p.path])).toEqual([
      [6, 'steps.1.do.node'],
      [7, 'steps.2.since'],
    ]);
  });

  it("takes the trainee's settings only where the scenario lets the trainee choose them", () => {
    const header = [
      'scenario: prevention-drill',
      'mistake: Turns the protection off.',
      'mustFail: [config-fixed]',
      'settings: { minReplicasToWrite: 1, quorum: 1 }',
      '',
    ].join('\n');
    const r = parseResponseText(
      wrong(header, '  - { after: 30s, do: { kind: end } }\n'),
      'w.yaml',
      drill,
    );
    expect(r.ok ? [] : r.problems).toEqual([
      expect.objectContaining({
        line: 4,
        path: 'settings.quorum',
        message: expect.stringMatching(
          /^"quorum" is not the trainee's to choose in prevention-drill/,
        ),
      }),
    ]);
    const ok = parseResponseText(
      wrong(header.replace(', quorum: 1', ''), '  - { after: 30s, do: { kind: end } }\n'),
      'w.yaml',
      drill,
    );
    expect(ok.ok && ok.settings).toEqual({ minReplicasToWrite: 1 });
  });

  it('refuses a move in a response that says it waits it out', () => {
    const steps = [
      '  - { since: cut-master, after: 5s, do: { kind: console, node: redis-1, command: redis-cli ROLE } }',
      '  - { since: cut-master, after: 6s, do: { kind: isolate-clients, node: redis-1 } }',
      '',
    ].join('\n');
    const r = parseResponseText(wrong(`${HEADER}waitsItOut: true\n`, steps), 'w.yaml', staleLeader);
    expect(r.ok ? [] : r.problems).toEqual([
      expect.objectContaining({
        line: 7,
        path: 'steps.1.do.kind',
        message: 'a response that waits it out makes no isolate-clients (only console and end)',
      }),
    ]);
  });

  it('refuses unknown header fields and a file that is neither a list nor a mapping', () => {
    const r = parseResponseText(
      wrong(`${HEADER}mustPass: [final-health]\n`),
      'w.yaml',
      staleLeader,
    );
    expect(r.ok ? [] : r.problems).toEqual([
      expect.objectContaining({ line: 4, path: 'mustPass', message: 'unknown field "mustPass"' }),
    ]);
    const scalar = parseResponseText('just a string\n', 'w.yaml', staleLeader);
    expect(scalar.ok ? [] : scalar.problems).toEqual([
      expect.objectContaining({
        line: 1,
        path: '',
        message: expect.stringMatching(/^a response file is a list of steps, or a mapping/),
      }),
    ]);
  });
});

describe('the response file schema', () => {
  it('accepts both forms and describes every header field for editors', () => {
    expect(responseFileSchema.safeParse([{ after: '1s', do: { kind: 'end' } }]).success).toBe(true);
    const schema = JSON.stringify(responseFileJsonSchema());
    for (const field of ['scenario', 'mistake', 'mustFail', 'waitsItOut', 'settings', 'steps'])
      expect(schema).toContain(`"${field}":{`);
    expect(schema).toMatch(/"description":"Ids of the scenario's grading checks that must fail/);
  });
});
