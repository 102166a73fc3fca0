// `npx tsx scripts/system-footprint.ts [-v]`: per system, how many source files outside its
// own folders name it, and the branches on its name outside src/systems/ (see
// system-footprint-core.ts). -v lists the files. Run by CI through system-footprint.test.ts.
import path from 'node:path';
import { SYSTEM_TRAITS } from '../src/shared/system-traits';
import { systemFootprints } from './system-footprint-core';

const root = path.resolve(__dirname, '..');
const verbose = process.argv.includes('-v');
for (const f of systemFootprints(root, Object.values(SYSTEM_TRAITS))) {
  console.log(
    `${f.system}: ${f.files.length} files outside its folders name it; ${f.branches.length} branches on its name`,
  );
  if (verbose) for (const file of f.files) console.log(`  ${file}`);
  for (const b of f.branches) console.log(`  branch: ${b}`);
}
