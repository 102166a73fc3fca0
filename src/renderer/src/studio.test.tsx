import { describe, expect, it, vi } from 'vitest';
import type { DryRun } from '../../shared/dry-run-types';
import { setUpAppHarness } from './test/app-harness';
import { actAsync, click, waitFor } from './test/render';
import { STALE_LEADER, STALE_SUMMARY } from './test/scenario-fixtures';

// Monaco needs a real browser (workers, layout): the screen tests edit through a text area
// that reports the engine's problems as the editor's markers, as the real editor does.
vi.mock('./components/studio/scenario-editor', async () => {
  const { useEffect } = await import('react');
  function StandInEditor(props: import('./components/studio/editor-types').ScenarioEditorProps) {
    const { problems, onMarkers } = props;
    useEffect(() => {
      onMarkers(problems.map((p) => ({ line: p.line, message: p.message, source: 'loader' })));
    }, [problems, onMarkers]);
    return (
      <textarea
        data-testid="studio-editor"
        className="studio-editor"
        value={props.value}
        readOnly={props.readOnly}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      />
    );
  }
  return { default: StandInEditor };
});

const SHIPPED_TEXT = `# yaml-language-server: $schema=../scenario.schema.json
id: stale-leader
system: redis-sentinel
title: The master nobody told
`;

const app = setUpAppHarness((client) => {
  client.scenarios = [STALE_SUMMARY];
  client.scenarioSources.set('stale-leader', {
    scenarioId: 'stale-leader',
    source: 'shipped',
    file: 'redis-sentinel/stale-leader.yaml',
    text: SHIPPED_TEXT,
    readOnly: true,
    responses: [],
  });
  // Valid unless the text names a node the lab does not have (line 4 here).
  client.checkReply = (text) => {
    const id = /^id: (\S+)/m.exec(text)?.[1] ?? 'draft';
    const file = `redis-sentinel/${id}.yaml`;
    if (text.includes('redis-9'))
      return {
        file,
        problems: [
          { file, line: 4, path: 'faults.0.groups.0.0', message: 'unknown node "redis-9"' },
        ],
      };
    return {
      file,
      problems: [],
      summary: { ...STALE_SUMMARY, id, title: /^title: (.*)$/m.exec(text)?.[1] ?? '' },
      teaching: STALE_LEADER.teaching,
    };
  };
});

/** Types a whole text into the stand-in editor. */
async function typeText(el: HTMLElement, text: string) {
  await actAsync(() => {
    const area = el as HTMLTextAreaElement;
    const descriptor = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!;
    descriptor.set?.call(area, text);
    area.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function select(el: HTMLElement, value: string) {
  await actAsync(() => {
    (el as HTMLSelectElement).value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

const editorText = (v: { get(id: string): HTMLElement }) =>
  (v.get('studio-editor') as HTMLTextAreaElement).value;

describe('scenario studio', () => {
  it('makes a new scenario from a system template: a free id, a marked title, unsaved, previewed', async () => {
    const v = await app.mount();
    await app.go('#/studio');
    await waitFor(() => v.get('studio-editor'));
    await select(v.get('studio-template'), 'stale-leader');
    await waitFor(() => expect(editorText(v)).toContain('id: my-stale-leader'));
    expect(editorText(v)).toContain('title: The master nobody told (my version)');
    expect(editorText(v)).not.toContain('yaml-language-server');
    expect(v.get('studio-origin').dataset.origin).toBe('new');
    await waitFor(() => expect(v.get('studio').dataset.valid).toBe('true'), 3000);
    expect(v.get('studio-preview-card').textContent).toContain('(my version)');
    expect(v.get('teaching-card').textContent).toContain(STALE_LEADER.pattern.id);
    // Nothing to dry-run before it is saved.
    expect((v.get('dry-run-start') as HTMLButtonElement).disabled).toBe(true);
  });

  it("lists the engine's problems at their lines and will not save until they are fixed", async () => {
    const v = await app.mount();
    await app.go('#/studio');
    await waitFor(() => v.get('studio-editor'));
    await typeText(
      v.get('studio-editor'),
      'id: mine\nsystem: redis-sentinel\nfaults:\n  - [redis-9]\n',
    );
    await waitFor(() => expect(v.get('studio-check-state').dataset.state).toBe('problems'), 3000);
    const marker = v.get('studio-markers').querySelector('li')!;
    expect(marker.dataset.line).toBe('4');
    expect(marker.textContent).toContain('unknown node "redis-9"');
    expect((v.get('studio-save') as HTMLButtonElement).disabled).toBe(true);

    await typeText(v.get('studio-editor'), 'id: mine\nsystem: redis-sentinel\ntitle: Mine\n');
    await waitFor(() => expect(v.get('studio').dataset.valid).toBe('true'), 3000);
    await click(v.get('studio-save'));
    await waitFor(() => expect(v.get('studio-origin').dataset.origin).toBe('library'));
    expect(app.client.calls.filter((c) => c.method === 'saveScenario')).toEqual([
      {
        method: 'saveScenario',
        args: { text: 'id: mine\nsystem: redis-sentinel\ntitle: Mine\n', replace: false },
      },
    ]);
    expect(v.get('studio-status').textContent).toContain('Saved as redis-sentinel/mine.yaml');
  });

  it('opens a shipped scenario read-only and copies it to edit under a new id', async () => {
    const v = await app.mount();
    await app.go('#/studio?copy=stale-leader');
    await waitFor(() => expect(editorText(v)).toBe(SHIPPED_TEXT));
    expect((v.get('studio-editor') as HTMLTextAreaElement).readOnly).toBe(true);
    expect(v.query('studio-save')).toBeNull();
    await click(v.get('studio-copy'));
    expect(editorText(v)).toContain('id: stale-leader-copy');
    expect(editorText(v)).toContain('title: The master nobody told (copy)');
    expect((v.get('studio-editor') as HTMLTextAreaElement).readOnly).toBe(false);
  });

  it('keeps the draft across a reload of the page', async () => {
    const v = await app.mount();
    await app.go('#/studio');
    await waitFor(() => v.get('studio-editor'));
    await typeText(v.get('studio-editor'), 'id: half-written\n');
    await app.unmount();
    const again = await app.mount();
    await waitFor(() => expect(editorText(again)).toBe('id: half-written\n'));
  });

  it('reports an import refused for an id clash, saving nothing', async () => {
    app.client.importReply = () => ({
      ok: false,
      problems: [
        {
          file: 'bundle: redis-sentinel/stale-leader.yaml',
          line: 2,
          path: 'id',
          message: 'id "stale-leader" is a shipped scenario; rename it',
        },
      ],
    });
    const v = await app.mount();
    await app.go('#/studio');
    await waitFor(() => v.get('studio-editor'));
    const input = v.get('studio-import-file') as HTMLInputElement;
    const file = new File(['{"format":"failover-dojo.scenario-bundle"}'], 'x.dojo-scenario.json');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await actAsync(() => input.dispatchEvent(new Event('change', { bubbles: true })));
    await waitFor(() => expect(v.get('studio-status').textContent).toContain('was not imported'));
    expect(v.get('studio-status').textContent).toContain('is a shipped scenario; rename it');
  });

  it('dry-runs a saved scenario and shows each run’s verdict as it comes', async () => {
    const running: DryRun = {
      id: 'dry-0123456789ab',
      scenarioId: 'stale-leader',
      pace: 'fast',
      state: 'running',
      startedAt: 1,
      problems: [],
      entries: [
        { response: 'reference', state: 'running' },
        {
          response: 'stale-leader-wait.yaml',
          mistake: 'Waits.',
          mustFail: ['final-health'],
          state: 'waiting',
        },
      ],
    };
    const done: DryRun = {
      ...running,
      state: 'done',
      ok: false,
      entries: [
        {
          response: 'reference',
          state: 'graded',
          runId: 'run-1',
          passed: true,
          score: 100,
          ok: true,
          why: 'the reference passed (score 100)',
        },
        {
          response: 'stale-leader-wait.yaml',
          mistake: 'Waits.',
          mustFail: ['final-health'],
          state: 'graded',
          runId: 'run-2',
          passed: true,
          score: 80,
          ok: false,
          why: 'it passed (score 80): a grading hole',
        },
      ],
    };
    app.client.dryRunReplies = [running, done];
    const v = await app.mount();
    await app.go('#/studio?open=stale-leader');
    await waitFor(() => expect(editorText(v)).toBe(SHIPPED_TEXT));
    await click(v.get('dry-run-start'));
    await waitFor(() => expect(v.get('dry-run').dataset.state).toBe('running'));
    expect(app.client.calls).toContainEqual({
      method: 'startDryRun',
      args: { scenarioId: 'stale-leader', pace: 'fast' },
    });
    await waitFor(() => expect(v.get('dry-run').dataset.state).toBe('done'), 5000);
    expect(v.get('dry-run').dataset.ok).toBe('false');
    expect(v.get('dry-run-entry-reference').dataset.ok).toBe('true');
    const wrong = v.get('dry-run-entry-stale-leader-wait.yaml');
    expect(wrong.dataset.ok).toBe('false');
    expect(wrong.textContent).toContain('a grading hole');
    expect(wrong.querySelector('a')!.getAttribute('href')).toBe('#/debrief/run-2');
  });
});
