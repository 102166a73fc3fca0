import { SYSTEM_TRAITS } from '../../../../shared/system-traits';
/**
 * The studio's draft: the text being edited and where it came from, kept in
 * the page's storage so that a reload, a crash or a wrong click loses nothing.
 */
export interface StudioDraft {
  text: string;
  /** What the text was opened from: a new scenario, a library file (editable) or a shipped one (read-only). */
  origin: { kind: 'new' } | { kind: 'library'; id: string } | { kind: 'shipped'; id: string };
  /** The text as the catalog holds it (opened or saved), to tell unsaved changes. */
  saved?: string;
}

const KEY = 'dojo.studio.draft';

/** Reads the kept draft; null when there is none or it is not ours. */
export function loadDraft(storage: Pick<Storage, 'getItem'> | null): StudioDraft | null {
  try {
    const raw = storage?.getItem(KEY);
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<StudioDraft>;
    if (typeof d.text !== 'string' || !d.origin || typeof d.origin !== 'object') return null;
    const o = d.origin as { kind?: unknown; id?: unknown };
    if (o.kind === 'new') return { text: d.text, origin: { kind: 'new' } };
    if ((o.kind === 'library' || o.kind === 'shipped') && typeof o.id === 'string')
      return {
        text: d.text,
        origin: { kind: o.kind, id: o.id },
        ...(typeof d.saved === 'string' ? { saved: d.saved } : {}),
      };
    return null;
  } catch {
    return null;
  }
}

/** Keeps the draft (a full or unavailable storage only loses the copy, never the editor's text). */
export function saveDraft(storage: Pick<Storage, 'setItem'> | null, draft: StudioDraft): void {
  try {
    storage?.setItem(KEY, JSON.stringify(draft));
  } catch {
    // Private mode or quota: the text stays in the editor.
  }
}

/** The page's storage, or null where there is none. */
export function pageStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

const ID_LINE = /^id:[ \t]*[^\n#]*?([ \t]+#[^\n]*)?$/m;
/** A one-line plain (unquoted, unfolded) top-level title. */
const PLAIN_TITLE_LINE = /^title:[ \t]+([^\s"'>|&*!%@`#][^\n#]*?)[ \t]*$/m;

/** The text with ` (suffix)` after a plain one-line title, so a copy reads apart in the catalog. */
export function withTitleSuffix(text: string, suffix: string): string {
  return text.replace(PLAIN_TITLE_LINE, (_line, title: string) => `title: ${title} (${suffix})`);
}

/**
 * The text with its top-level `id:` replaced (comments and every other line
 * kept), and a first comment saying where it came from. The id decides the
 * file name in the library.
 */
export function withNewId(text: string, id: string, note: string): string {
  const renamed = ID_LINE.test(text)
    ? text.replace(ID_LINE, (_line, comment: string | undefined) => `id: ${id}${comment ?? ''}`)
    : `id: ${id}\n${text}`;
  const lines = renamed.split('\n');
  // The shipped files point editors at ../scenario.schema.json; the studio has its own.
  const body = lines.filter((l) => !/^#\s*yaml-language-server:/.test(l));
  return [...note.split('\n').map((l) => `# ${l}`), ...body].join('\n');
}

/** The shipped scenario each system's template starts from (the simplest of its system). */
export const TEMPLATE_BASES: readonly { system: string; label: string; baseId: string }[] =
  Object.values(SYSTEM_TRAITS).map((t) => ({
    system: t.id,
    label: t.studio.label,
    baseId: t.studio.templateBase,
  }));

/** A free id for a new scenario: `base`, then `base-2`, `base-3`... not among `taken`. */
export function freeId(base: string, taken: ReadonlySet<string>): string {
  const stem = base.slice(0, 56);
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}`)) return `${stem}-${i}`;
}
