import type { z } from 'zod';

/** One validation problem, at a field path. */
export interface FieldIssue {
  path: PropertyKey[];
  message: string;
}

type Issue = z.core.$ZodIssue;

/** How badly a union branch misses: wrong or missing keys count, wrong values do not. */
function structuralMisses(issues: readonly Issue[]): number {
  return issues.filter(
    (i) =>
      i.code === 'unrecognized_keys' ||
      (i.code === 'invalid_type' && i.message.endsWith('received undefined')) ||
      (i.code === 'invalid_union' && i.errors.length === 0),
  ).length;
}

/**
 * Flattens zod issues into one issue per offending field. An unknown key is
 * reported at the key itself; a union that no branch matches is reported
 * through the branch that comes closest (the one whose keys all match), or at
 * the union itself when no branch stands out.
 */
export function flattenIssues(issues: readonly Issue[], prefix: PropertyKey[] = []): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        out.push({ path: [...path, key], message: `unknown field "${key}"` });
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const ranked = issue.errors
        .map((branch) => ({ branch, misses: structuralMisses(branch) }))
        .sort((a, b) => a.misses - b.misses || a.branch.length - b.branch.length);
      const [best, second] = ranked;
      if (best && (!second || best.misses < second.misses)) {
        out.push(...flattenIssues(best.branch, path));
      } else {
        const forms = issue.errors
          .map((branch) =>
            branch
              .filter((i) => i.code !== 'unrecognized_keys')
              .map((i) => String(i.path[0] ?? '?'))
              .join('+'),
          )
          .filter(Boolean);
        out.push({ path, message: `matches none of the accepted forms (${forms.join(' | ')})` });
      }
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}

/** `faults.0.groups` style. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}
