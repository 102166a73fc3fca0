import type { ScenarioProblem } from '../../../../shared/scenario-schema';

/** One marker the editor shows, as the studio lists it beside the text. */
export interface EditorMarker {
  /** 1-based line the marker starts on. */
  line: number;
  message: string;
  /** `schema`: monaco-yaml's check against the JSON Schema; `loader`: the engine's own check. */
  source: 'schema' | 'loader';
}

/** What the studio gives its editor (monaco in the app; a plain text area in screen tests). */
export interface ScenarioEditorProps {
  /** The text as the studio holds it; the editor reports each change through onChange. */
  value: string;
  onChange: (text: string) => void;
  /** The engine's problems with the current text (syntax, schema, cross-checks), by line. */
  problems: readonly ScenarioProblem[];
  /** Every marker the editor shows now, after each change of them. */
  onMarkers: (markers: EditorMarker[]) => void;
  readOnly: boolean;
  /** Moves the cursor to a line and shows it (a click in the problem list). */
  revealLine?: { line: number; nonce: number } | null;
}
