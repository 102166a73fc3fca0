/**
 * `npm run scenario -- <command>`: the headless scenario runner.
 *
 *   list [--json]                          the catalog: id, system, title, pattern, source
 *                                          (shipped, or library: DOJO_SCENARIOS_DIR, else
 *                                          ~/.failover-dojo/scenarios)
 *   export <id> [--out FILE]               the scenario and its response files as one bundle
 *                                          (to FILE, never over an existing one; else stdout)
 *   import <FILE> [--replace]              a bundle into the library; an id that is shipped is
 *                                          refused, one already in the library too unless --replace
 *   run <id> --response reference|none     runs the scenario end to end on the real engine,
 *       [--response-file <file.yaml>]      playing a scripted response (same format as a
 *       [--pace human|fast]                scenario's `reference`), and prints the grade.
 *       [--seed N] [--json]                --pace: `human` (default; what a person plays: the fault
 *       [--setting name=value ...]         at a random moment in its window, the card's minutes as
 *       [--player NAME]                    the limit) or `fast` (the self-test's short fixed waits).
 *                                          --setting: trainee settings, e.g. minReplicasToWrite=1
 *
 * Exit codes: 0 graded (whether passed or not: read `passed`; export or import
 * done), 1 bad input (for import: the bundle's problems, nothing written),
 * 2 the run ended without a grade (lab failed, engine unreachable),
 * 130 interrupted (SIGINT, SIGTERM or SIGHUP: the terminal closed): the lab is
 * stopped and removed before the process exits, and one line says so.
 */
import path from 'node:path';
import { createEngine } from '../src/core';
import { loadResponseFile } from '../src/core/scenarios/response-file';
import type { Pace, ResponseStep, Scenario } from '../src/shared/scenario-schema';
import { EXIT, exitCodeFor } from './scenario-cli';
import { exportCommand, importCommand } from './scenario-library-cli';

interface Args {
  command: string;
  id?: string;
  json: boolean;
  response?: string;
  responseFile?: string;
  seed?: number;
  pace?: Pace;
  player?: string;
  settings: Record<string, number | boolean>;
  /** export: the bundle's file. */
  out?: string;
  /** import: replace a library scenario of the same id. */
  replace?: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { command: argv[0] ?? 'help', json: false, settings: {} };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--json') args.json = true;
    else if (a === '--response') args.response = next();
    else if (a === '--response-file') args.responseFile = next();
    else if (a === '--seed') args.seed = Number(next());
    else if (a === '--pace') {
      const v = next();
      if (v !== 'human' && v !== 'fast') throw new Error('--pace takes human or fast');
      args.pace = v;
    } else if (a === '--player') args.player = next();
    else if (a === '--out') args.out = next();
    else if (a === '--replace') args.replace = true;
    else if (a === '--setting') {
      const [k, v] = next().split('=');
      if (!k || v === undefined) throw new Error('--setting takes name=value');
      if (v === 'true' || v === 'false') args.settings[k] = v === 'true';
      else if (Number.isFinite(Number(v))) args.settings[k] = Number(v);
      else throw new Error('--setting takes name=number or name=true|false');
    } else if (a && !a.startsWith('--') && !args.id) args.id = a;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

/**
 * Reads a scripted response file for a scenario, as the library reads its
 * files (a regular file, not a link, FIFO or device; at most 256 KiB);
 * errors name the file, line and field.
 */
async function readResponseFile(file: string, scenario: Scenario): Promise<ResponseStep[]> {
  const parsed = await loadResponseFile(file, scenario);
  if (parsed.ok) return parsed.steps;
  throw new Error(
    parsed.problems
      .map((p) => `${p.file}:${p.line}: ${p.path || '(root)'}: ${p.message}`)
      .join('\n'),
  );
}

/** The run being played, for the one line an interruption prints. */
let current: string | undefined;
/** Set by the first SIGINT/SIGTERM/SIGHUP. */
let interrupted = false;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const engine = await createEngine();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (interrupted) return; // a second signal while cleaning up: keep cleaning up
      interrupted = true;
      console.error(
        `${current ? `run ${current}` : 'scenario runner'}: interrupted by ${signal}; the lab is being removed, no grade`,
      );
      // Stops every run (the lab's containers and network go) and waits for the reaper.
      engine.dispose().then(
        () => process.exit(EXIT.interrupted),
        () => process.exit(EXIT.interrupted),
      );
    });
  }
  try {
    if (args.command === 'list') {
      const { scenarios, problems } = await engine.listScenarios();
      for (const p of problems)
        console.error(`scenario problem: ${p.file}:${p.line}: ${p.path}: ${p.message}`);
      const rows = scenarios.map((s) => ({
        id: s.id,
        system: s.system,
        title: s.title,
        pattern: s.pattern,
        source: s.source,
      }));
      if (args.json) console.log(JSON.stringify(rows, null, 2));
      else
        for (const r of rows)
          console.log(`${r.id.padEnd(22)} ${r.pattern.id}  ${r.source.padEnd(8)} ${r.title}`);
      return EXIT.graded;
    }
    const io = { out: (l: string) => console.log(l), err: (l: string) => console.error(l) };
    if (args.command === 'export' && args.id) return exportCommand(engine, args.id, args.out, io);
    if (args.command === 'import' && args.id)
      return importCommand(engine, args.id, args.replace === true, io);
    if (args.command !== 'run' || !args.id) {
      console.error(
        'usage: npm run scenario -- list [--json] | run <id> --response reference|none [--response-file f.yaml] [--pace human|fast] [--seed N] [--player NAME] [--setting name=value] [--json] | export <id> [--out FILE] | import <FILE> [--replace]',
      );
      return EXIT.badInput;
    }
    const scenario = await engine.getScenario({ scenarioId: args.id });
    if (!scenario) throw new Error(`unknown scenario "${args.id}"`);
    let response: { name: string; steps: ResponseStep[] };
    if (args.responseFile)
      response = {
        name: path.basename(args.responseFile),
        steps: await readResponseFile(args.responseFile, scenario),
      };
    else if (args.response === 'reference')
      response = { name: 'reference', steps: scenario.reference };
    else if (args.response === 'none') response = { name: 'none', steps: [] };
    else throw new Error('--response reference|none or --response-file <file> is required');

    const started = Date.now();
    const { runId } = await engine.startScenario(
      {
        scenarioId: args.id,
        // The reference response also makes the reference's choices of the trainee's settings.
        settings: {
          ...(response.name === 'reference' && !args.responseFile
            ? scenario.lab.referenceSettings
            : {}),
          ...args.settings,
        },
        ...(args.seed !== undefined ? { seed: args.seed } : {}),
        pace: args.pace ?? 'human',
        ...(args.player !== undefined ? { player: args.player } : {}),
      },
      { response },
    );
    current = runId;
    if (!args.json)
      console.error(
        `run ${runId}: ${scenario.title} with response "${response.name}" at ${args.pace ?? 'human'} pace`,
      );
    await engine.whenRunEnded(runId);
    const debrief = await engine.getDebrief({ runId });
    if (!debrief) {
      if (interrupted) return EXIT.interrupted;
      const snap = await engine.getRun({ runId });
      console.error(`run ${runId} ended without a grade: ${snap?.error ?? snap?.phase}`);
      return EXIT.noGrade;
    }
    const result = {
      scenario: args.id,
      runId,
      response: response.name,
      pace: debrief.pace,
      seed: debrief.seed,
      seconds: Math.round((Date.now() - started) / 1000),
      score: Math.round(debrief.grade.score),
      passMark: debrief.grade.passMark,
      passed: debrief.grade.passed,
      requiredFailed: debrief.grade.requiredFailed ?? [],
      checks: debrief.grade.checks.map((c) => ({
        check: c.check,
        verdict: c.verdict,
        credit: c.credit,
        ...(c.required ? { required: true } : {}),
        why: c.why,
      })),
      ledger: debrief.ledger,
    };
    if (args.json) console.log(JSON.stringify(result, null, 2));
    else {
      console.log(
        `${result.passed ? 'PASSED' : 'FAILED'} ${result.score}/100 (pass mark ${result.passMark})`,
      );
      if (result.requiredFailed.length > 0)
        console.log(`  required check failed: ${result.requiredFailed.join(', ')}`);
      for (const c of result.checks)
        console.log(
          `  ${c.verdict.padEnd(7)} ${c.check}${c.required ? ' (required)' : ''}: ${c.why}`,
        );
      console.log(`  ledger: ${JSON.stringify(result.ledger)}`);
    }
    return EXIT.graded;
  } finally {
    await engine.dispose();
  }
}

main().then(
  (code) => process.exit(interrupted ? EXIT.interrupted : code),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(interrupted ? EXIT.interrupted : exitCodeFor(error));
  },
);
