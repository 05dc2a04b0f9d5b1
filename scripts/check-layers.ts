/**
 * `npm run lint:layers`: fails on an import that runs up a layer or out of the contract, and on
 * any import circle (scripts/layers.ts has the rule). Reads the files git knows, as a clean clone has them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkLayers } from './layers.ts';

const root = resolve(import.meta.dirname, '..');
const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'src', 'hub'], {
  cwd: root,
  encoding: 'utf8',
});
const tree = new Map<string, string>();
for (const file of listed.split('\n')) {
  if (!/\.(tsx?|mts)$/.test(file)) continue;
  try {
    tree.set(file, readFileSync(resolve(root, file), 'utf8'));
  } catch {
    // listed but deleted in the work tree
  }
}
const problems = checkLayers(tree);
for (const p of problems) console.error(`${p.file}: ${p.message}`);
if (problems.length) {
  console.error(`${problems.length} layer problem(s): see scripts/layers.ts for the rule`);
  process.exit(1);
}
console.log(`layers: ${tree.size} files, no upward import, no circle`);
