import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ScenarioCheck } from '../../../../shared/scenario-schema';
import { useAppState, useStore } from '../../store/react';
import type { EditorMarker } from './editor-types';
import { StudioSidePanel } from './studio-side-panel';
import { StudioToolbar } from './studio-toolbar';
import { loadDraft, pageStorage, saveDraft, type StudioDraft } from './studio-draft';

const ScenarioEditor = lazy(() => import('./scenario-editor'));

/** How long the text must rest before the engine checks it, ms. */
const CHECK_DELAY_MS = 300;

const EMPTY: StudioDraft = {
  text: '# Pick a template, open a scenario, or import a bundle to begin.\n',
  origin: { kind: 'new' },
};

/** Where the studio was asked to start: open a library scenario, or copy a shipped one. */
export interface StudioStart {
  open?: string;
  copy?: string;
}

/**
 * The scenario studio: a scenario's YAML in monaco (completion and hover
 * from the schema), the engine's check of it as markers on their lines, a
 * preview of what the trainee will see, saving into the user's library,
 * import and export, and a dry run of its responses on the real engine.
 */
export function StudioView({ start }: { start: StudioStart }) {
  const store = useStore();
  const studio = store.studio;
  const [draft, setDraft] = useState<StudioDraft>(() => loadDraft(pageStorage()) ?? EMPTY);
  const [check, setCheck] = useState<ScenarioCheck | null>(null);
  const [checkedText, setCheckedText] = useState<string | null>(null);
  const [markers, setMarkers] = useState<EditorMarker[]>([]);
  const [status, setStatus] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [reveal, setReveal] = useState<{ line: number; nonce: number } | null>(null);
  const scenarios = useAppState((s) => s.scenarios);
  const readOnly = draft.origin.kind === 'shipped';

  const update = useCallback((next: StudioDraft) => {
    setDraft(next);
    saveDraft(pageStorage(), next);
  }, []);

  // The engine checks the text once it rests; an answer for an older text is dropped.
  const pending = useRef(0);
  useEffect(() => {
    const ticket = ++pending.current;
    const timer = setTimeout(() => {
      studio.checkScenario({ text: draft.text }).then(
        (result) => {
          if (ticket !== pending.current) return;
          setCheck(result);
          setCheckedText(draft.text);
        },
        (error: unknown) => {
          if (ticket !== pending.current) return;
          setStatus({
            kind: 'error',
            text: `The engine could not check the text: ${String((error as Error).message ?? error)}`,
          });
        },
      );
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft.text, studio]);

  // `#/studio?open=id` or `?copy=id`: load that scenario once.
  const started = useRef(false);
  useEffect(() => {
    if (started.current || (!start.open && !start.copy)) return;
    started.current = true;
    const id = (start.open ?? start.copy)!;
    studio.getScenarioSource({ scenarioId: id }).then(
      (source) => {
        if (!source) {
          setStatus({ kind: 'error', text: `No scenario "${id}" in the catalog.` });
          return;
        }
        update({ text: source.text, origin: { kind: source.source, id }, saved: source.text });
        if (start.copy)
          setStatus({
            kind: 'info',
            text: 'Shipped scenarios are read-only: press "Copy to edit".',
          });
      },
      (error: unknown) => setStatus({ kind: 'error', text: (error as Error).message }),
    );
  }, [start.open, start.copy, studio, update]);

  const problems = useMemo(() => check?.problems ?? [], [check]);
  const fresh = checkedText === draft.text;
  const takenIds = useMemo(() => new Set((scenarios ?? []).map((s) => s.id)), [scenarios]);

  return (
    <section
      className="studio"
      data-testid="studio"
      data-checked={fresh ? 'true' : 'false'}
      data-valid={fresh && check && check.problems.length === 0 ? 'true' : 'false'}
    >
      <StudioToolbar
        draft={draft}
        check={fresh ? check : null}
        takenIds={takenIds}
        onDraft={update}
        onStatus={setStatus}
      />
      {status && (
        <p
          className={status.kind === 'error' ? 'error-box' : 'info-box'}
          data-testid="studio-status"
          role={status.kind === 'error' ? 'alert' : 'status'}
        >
          {status.text}
        </p>
      )}
      <div className="studio-body">
        <div className="studio-editor-pane">
          {readOnly && (
            <p className="muted small" data-testid="studio-read-only">
              A shipped scenario: read-only. &ldquo;Copy to edit&rdquo; makes your own copy under a
              new id.
            </p>
          )}
          <Suspense fallback={<p className="muted">Loading the editor…</p>}>
            <ScenarioEditor
              value={draft.text}
              onChange={(text) => update({ ...draft, text })}
              problems={problems}
              onMarkers={setMarkers}
              readOnly={readOnly}
              revealLine={reveal}
            />
          </Suspense>
        </div>
        <StudioSidePanel
          draft={draft}
          check={fresh ? check : null}
          markers={markers}
          onReveal={(line) => setReveal({ line, nonce: Date.now() })}
        />
      </div>
    </section>
  );
}
