import { useRef } from 'react';
import type { ScenarioCheck } from '../../../../shared/scenario-schema';
import { downloadText } from '../../download';
import { useAppState, useStore } from '../../store/react';
import {
  freeId,
  TEMPLATE_BASES,
  withNewId,
  withTitleSuffix,
  type StudioDraft,
} from './studio-draft';

/** Largest bundle the studio reads from disk, bytes (the engine refuses more anyway). */
const MAX_IMPORT_BYTES = 1024 * 1024;

interface Props {
  draft: StudioDraft;
  /** The engine's check of the current text (null while it is being checked). */
  check: ScenarioCheck | null;
  /** Ids in the catalog (a new scenario gets a free one). */
  takenIds: ReadonlySet<string>;
  onDraft: (draft: StudioDraft) => void;
  onStatus: (status: { kind: 'info' | 'error'; text: string } | null) => void;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** New from a template, open, copy to edit, save, export, import, delete. */
export function StudioToolbar({ draft, check, takenIds, onDraft, onStatus }: Props) {
  const store = useStore();
  const studio = store.studio;
  const scenarios = useAppState((s) => s.scenarios) ?? [];
  const fileInput = useRef<HTMLInputElement>(null);
  const origin = draft.origin;
  const validId = check && check.problems.length === 0 ? check.summary?.id : undefined;

  async function fromTemplate(baseId: string) {
    const source = await studio.getScenarioSource({ scenarioId: baseId });
    if (!source)
      return onStatus({
        kind: 'error',
        text: `The template's scenario "${baseId}" is not in the catalog.`,
      });
    const id = freeId(`my-${baseId}`, takenIds);
    const note = `A new scenario from the ${source.file.split('/')[0]} template (a copy of the shipped "${baseId}").\nGive it its own id, story, faults, checks and reference, then save it to your library.`;
    onDraft({
      text: withTitleSuffix(withNewId(source.text, id, note), 'my version'),
      origin: { kind: 'new' },
    });
    onStatus({
      kind: 'info',
      text: `New scenario "${id}" from the template. It is not saved yet.`,
    });
  }

  async function open(id: string) {
    const source = await studio.getScenarioSource({ scenarioId: id });
    if (!source) return onStatus({ kind: 'error', text: `No scenario "${id}" in the catalog.` });
    onDraft({ text: source.text, origin: { kind: source.source, id }, saved: source.text });
    onStatus(null);
  }

  function copyToEdit() {
    if (origin.kind !== 'shipped') return;
    const id = freeId(`${origin.id}-copy`, takenIds);
    onDraft({
      text: withTitleSuffix(
        withNewId(draft.text, id, `A copy of the shipped scenario "${origin.id}".`),
        'copy',
      ),
      origin: { kind: 'new' },
    });
    onStatus({ kind: 'info', text: `Copied as "${id}": edit it, then save it to your library.` });
  }

  async function save() {
    if (!validId) return;
    const replace = origin.kind === 'library' && origin.id === validId;
    const r = await studio.saveScenario({ text: draft.text, replace });
    if (!r.ok) {
      const first = r.problems.slice(0, 3).map((p) => `${p.file}:${p.line} ${p.path} ${p.message}`);
      return onStatus({ kind: 'error', text: `Not saved: ${first.join(' · ')}` });
    }
    onDraft({ text: draft.text, origin: { kind: 'library', id: r.scenarioId }, saved: draft.text });
    onStatus({
      kind: 'info',
      text: `Saved as ${r.file} in your library; it is in the catalog now.`,
    });
    await store.loadScenarios();
  }

  async function exportBundle() {
    if (origin.kind === 'new') return;
    const { filename, content } = await studio.exportScenario({ scenarioId: origin.id });
    if (!downloadText(filename, content, 'application/json'))
      onStatus({ kind: 'error', text: 'This page cannot download files.' });
    else
      onStatus({
        kind: 'info',
        text: `Exported the saved "${origin.id}" with its responses as ${filename}.`,
      });
  }

  async function importBundle(file: File) {
    if (file.size > MAX_IMPORT_BYTES)
      return onStatus({
        kind: 'error',
        text: `${file.name} is ${file.size} bytes; a bundle may hold ${MAX_IMPORT_BYTES}.`,
      });
    const r = await studio.importScenario({ content: await file.text() });
    if (!r.ok) {
      const all = r.problems.slice(0, 5).map((p) => `${p.file}:${p.line} ${p.path} ${p.message}`);
      return onStatus({ kind: 'error', text: `${file.name} was not imported: ${all.join(' · ')}` });
    }
    await store.loadScenarios();
    await open(r.scenarioId);
    onStatus({ kind: 'info', text: `Imported "${r.scenarioId}" into your library.` });
  }

  async function remove() {
    if (origin.kind !== 'library') return;
    if (!window.confirm(`Delete "${origin.id}" and its responses from your library?`)) return;
    await studio.deleteScenario({ scenarioId: origin.id });
    onDraft({ text: draft.text, origin: { kind: 'new' } });
    onStatus({
      kind: 'info',
      text: `Deleted "${origin.id}" from your library; the text stays here unsaved.`,
    });
    await store.loadScenarios();
  }

  const run = (f: () => Promise<unknown>) => () => {
    f().catch((error: unknown) => onStatus({ kind: 'error', text: message(error) }));
  };

  return (
    <div className="studio-toolbar" data-testid="studio-toolbar">
      <h2 className="section-title">Scenario studio</h2>
      <label className="small">
        New from template{' '}
        <select
          data-testid="studio-template"
          value=""
          onChange={(e) =>
            e.currentTarget.value && run(() => fromTemplate(e.currentTarget.value))()
          }
        >
          <option value="">choose a system…</option>
          {TEMPLATE_BASES.map((t) => (
            <option key={t.system} value={t.baseId}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      <label className="small">
        Open{' '}
        <select
          data-testid="studio-open"
          value=""
          onChange={(e) => e.currentTarget.value && run(() => open(e.currentTarget.value))()}
        >
          <option value="">a scenario…</option>
          {scenarios.map((s) => (
            <option key={s.id} value={s.id}>
              {s.id} ({s.source === 'library' ? 'yours' : 'shipped'})
            </option>
          ))}
        </select>
      </label>
      <span className="mono small" data-testid="studio-origin" data-origin={origin.kind}>
        {origin.kind === 'new'
          ? 'unsaved'
          : `${origin.kind === 'library' ? 'your library' : 'shipped'}: ${origin.id}`}
      </span>
      {origin.kind === 'shipped' && (
        <button type="button" className="btn" data-testid="studio-copy" onClick={copyToEdit}>
          Copy to edit
        </button>
      )}
      {origin.kind !== 'shipped' && (
        <button
          type="button"
          className="btn btn-primary"
          data-testid="studio-save"
          disabled={!validId}
          title={validId ? 'Save into your library' : 'Fix the problems first'}
          onClick={run(save)}
        >
          Save to my library
        </button>
      )}
      <button
        type="button"
        className="btn"
        data-testid="studio-export"
        disabled={origin.kind === 'new'}
        onClick={run(exportBundle)}
      >
        Export
      </button>
      <button
        type="button"
        className="btn"
        data-testid="studio-import"
        onClick={() => fileInput.current?.click()}
      >
        Import…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="studio-import-file"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) run(() => importBundle(file))();
        }}
      />
      {origin.kind === 'library' && (
        <button
          type="button"
          className="btn btn-danger"
          data-testid="studio-delete"
          onClick={run(remove)}
        >
          Delete
        </button>
      )}
    </div>
  );
}
