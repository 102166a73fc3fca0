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
 *       [--pace human|fast]                scenario's `reference`, or a wrong response with its
 *       [--seed N] [--json]                header), and prints the grade.
 *       [--setting name=value ...]         --pace: `human` (default; what a person plays: the fault
 *       [--player NAME]                    at a random moment in its window, the card's minutes as
 *                                          the limit) or `fast` (the self-test's short fixed waits).
 *                                          --setting: trainee settings, e.g. minReplicasToWrite=1
 *                                          (over those a response file's header names).
 *   selftest <id> [--pace fast|human]      the scenario's self-test, as CI runs it: the reference,
 *       [--seed N] [--json]                then each wrong response file in <system>/responses/
 *                                          (`none` when no file waits it out), one after another,
 *                                          each judged (the reference passes, the others do not,
 *                                          failing their mustFail checks). Default: fast, seed 7.
 *
 * Exit codes: 0 graded (whether passed or not: read `passed`; export or import
 * done; selftest: every run as expected), 1 bad input (for import: the
 * bundle's problems, nothing written), 2 the run ended without a grade (lab
 * failed, engine unreachable), 3 selftest: a run not as expected (or a
 * response file with problems), 130 interrupted (SIGINT, SIGTERM or SIGHUP:
 * the terminal closed): the lab is stopped and removed before the process
 * exits, and one line says so.
 */
import path from 'node:path';
import { createEngine, type Engine } from '../src/core';
import { defaultLibraryDir, findScenariosDir } from '../src/core/paths';
import type { LabSettingsInput, Pace, ResponseStep } from '../src/shared/scenario-schema';
import { EXIT, exitCodeFor } from './scenario-cli';
import { exportCommand, importCommand } from './scenario-library-cli';
import { playScripted } from '../src/core/scenarios/scripted-play';
import { printPlayedRun, readResponseFile } from './scenario-play';
import { runSelfTest, selfTestLineText } from './scenario-selftest';

const USAGE =
  'usage: npm run scenario -- list [--json] | run <id> --response reference|none [--response-file f.yaml] [--pace human|fast] [--seed N] [--player NAME] [--setting name=value] [--json] | selftest <id> [--pace fast|human] [--seed N] [--json] | export <id> [--out FILE] | import <FILE> [--replace]';

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

/** The run being played, for the one line an interruption prints. */
let current: string | undefined;
/** Set by the first SIGINT/SIGTERM/SIGHUP. */
let interrupted = false;

/** `selftest <id>`: the scenario's self-test plan, one run after another, each judged. */
async function selfTest(engine: Engine, args: Args): Promise<number> {
  if (args.response || args.responseFile || Object.keys(args.settings).length > 0 || args.player)
    throw new Error(
      'selftest plays its own plan: no --response, --response-file, --setting or --player',
    );
  const scenario = await engine.getScenario({ scenarioId: args.id! });
  if (!scenario) throw new Error(`unknown scenario "${args.id}"`);
  // A library scenario's response files are in the library, beside it.
  const source = (await engine.getScenarioSource({ scenarioId: scenario.id }))?.source;
  const report = await runSelfTest(engine, scenario, {
    scenariosDir: source === 'library' ? defaultLibraryDir() : findScenariosDir(),
    pace: args.pace ?? 'fast',
    seed: args.seed ?? 7,
    verbose: !args.json,
    onStart: (runId) => (current = runId),
  });
  if (interrupted) return EXIT.interrupted;
  if (args.json) console.log(JSON.stringify(report, null, 2));
  else {
    const bad = report.runs.filter((r) => !r.ok).length + report.problems.length;
    console.log(
      `${report.ok ? 'SELF-TEST OK' : 'SELF-TEST NOT OK'} ${scenario.id}: ${report.runs.length} runs at ${report.pace} pace (seed ${report.seed})${bad > 0 ? `, ${bad} not as expected` : ''}`,
    );
    if (!report.ok)
      for (const r of report.runs.filter((x) => !x.ok)) console.log(`  ${selfTestLineText(r)}`);
  }
  return report.ok ? EXIT.graded : EXIT.selfTestFailed;
}

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
    if (args.command === 'selftest' && args.id) return await selfTest(engine, args);
    if (args.command !== 'run' || !args.id) {
      console.error(USAGE);
      return EXIT.badInput;
    }
    const scenario = await engine.getScenario({ scenarioId: args.id });
    if (!scenario) throw new Error(`unknown scenario "${args.id}"`);
    let response: { name: string; steps: ResponseStep[] };
    // The reference response also makes the reference's choices of the trainee's settings,
    // a response file the choices its header names.
    let settings: LabSettingsInput = {};
    if (args.responseFile) {
      const parsed = await readResponseFile(args.responseFile, scenario);
      response = { name: path.basename(args.responseFile), steps: parsed.steps };
      settings = { ...parsed.settings };
    } else if (args.response === 'reference') {
      response = { name: 'reference', steps: scenario.reference };
      settings = { ...scenario.lab.referenceSettings };
    } else if (args.response === 'none') response = { name: 'none', steps: [] };
    else throw new Error('--response reference|none or --response-file <file> is required');

    const pace = args.pace ?? 'human';
    const outcome = await playScripted(engine, scenario, response, {
      settings: { ...settings, ...args.settings },
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
      pace,
      ...(args.player !== undefined ? { player: args.player } : {}),
      onStarted: (runId) => {
        current = runId;
        if (!args.json)
          console.error(
            `run ${runId}: ${scenario.title} with response "${response.name}" at ${pace} pace`,
          );
      },
    });
    if (!outcome.graded) {
      if (interrupted) return EXIT.interrupted;
      console.error(`run ${outcome.runId} ended without a grade: ${outcome.reason}`);
      return EXIT.noGrade;
    }
    if (args.json) console.log(JSON.stringify(outcome.result, null, 2));
    else printPlayedRun(outcome.result);
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
