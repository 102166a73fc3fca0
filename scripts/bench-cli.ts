/** Command-line plumbing the bench scripts share. */

/** The value after `--<name>` on the command line; `fallback` when the option or its value is absent. */
export function option(
  name: string,
  fallback: string,
  argv: readonly string[] = process.argv,
): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? (argv[i + 1] ?? fallback) : fallback;
}

/** The positive number after `--<name>`; `fallback` when absent or not a positive number. */
export function positiveOption(
  name: string,
  fallback: number,
  argv: readonly string[] = process.argv,
): number {
  const v = Number(option(name, String(fallback), argv));
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/**
 * Runs a script's `main` and exits: 0 once it resolves; when it rejects,
 * prints `<script>: <message>` on stderr and exits 1.
 */
export function runMain(script: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`${script}: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
