import { describe, expect, it } from 'vitest';
import { freeId, loadDraft, saveDraft, withNewId, withTitleSuffix } from './studio-draft';

const SHIPPED = `# yaml-language-server: $schema=../scenario.schema.json
id: stale-leader   # the file name
system: redis-sentinel
title: The master nobody told
faults:
  - id: cut-master
`;

describe('studio draft', () => {
  it('renames the top-level id only, keeps its comment and every other line, and says where it came from', () => {
    const text = withNewId(SHIPPED, 'my-stale-leader', 'A copy of "stale-leader".\nSecond line.');
    expect(text.split('\n').slice(0, 4)).toEqual([
      '# A copy of "stale-leader".',
      '# Second line.',
      'id: my-stale-leader   # the file name',
      'system: redis-sentinel',
    ]);
    // The fault's own id is not the scenario's.
    expect(text).toContain('  - id: cut-master');
    expect(text).not.toContain('yaml-language-server');
  });

  it('adds an id to a text without one', () => {
    expect(withNewId('system: patroni\n', 'x', 'n')).toBe('# n\nid: x\nsystem: patroni\n');
  });

  it('finds a free id beside the taken ones', () => {
    expect(freeId('my-stale-leader', new Set())).toBe('my-stale-leader');
    expect(freeId('a', new Set(['a', 'a-2']))).toBe('a-3');
  });

  it('keeps the draft across a reload and ignores what is not a draft', () => {
    const items = new Map<string, string>();
    const storage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
    };
    const draft = {
      text: 'id: a\n',
      origin: { kind: 'library' as const, id: 'a' },
      saved: 'id: a\n',
    };
    saveDraft(storage, draft);
    expect(loadDraft(storage)).toEqual(draft);
    items.set('dojo.studio.draft', '{"text": 3}');
    expect(loadDraft(storage)).toBeNull();
    items.set('dojo.studio.draft', 'not json');
    expect(loadDraft(storage)).toBeNull();
    items.set('dojo.studio.draft', '{"text":"x","origin":{"kind":"shipped"}}');
    expect(loadDraft(storage)).toBeNull();
    // A storage that throws (quota, private mode) loses only the copy.
    expect(() =>
      saveDraft(
        {
          setItem: () => {
            throw new Error('quota');
          },
        },
        draft,
      ),
    ).not.toThrow();
  });
});

describe('copy titles', () => {
  it('marks a plain one-line title and leaves quoted or folded ones alone', () => {
    expect(withTitleSuffix('id: a\ntitle: The master nobody told\n', 'copy')).toBe(
      'id: a\ntitle: The master nobody told (copy)\n',
    );
    expect(withTitleSuffix('title: "Quoted: yes"\n', 'copy')).toBe('title: "Quoted: yes"\n');
    expect(withTitleSuffix('title: >-\n  Folded\n', 'copy')).toBe('title: >-\n  Folded\n');
  });
});
