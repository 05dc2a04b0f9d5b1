import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLayers, circles, importsOf } from './layers.ts';

const root = resolve(import.meta.dirname, '..');

/** The repository's own src/ and hub/, as the check reads them. */
function realTree(): Map<string, string> {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'src', 'hub'], {
    cwd: root,
    encoding: 'utf8',
  });
  const tree = new Map<string, string>();
  for (const f of listed.split('\n')) if (/\.(tsx?|mts)$/.test(f)) tree.set(f, readFileSync(resolve(root, f), 'utf8'));
  return tree;
}

describe('the layer check', () => {
  it('passes on the tree as it is', () => {
    expect(checkLayers(realTree())).toEqual([]);
  });

  it('fails on a deliberate upward import: the device layer reaching into the UI', () => {
    const tree = realTree();
    const file = 'src/device/session.ts';
    tree.set(file, `import { t } from '../ui/i18n/index.ts';\n${tree.get(file)}`);
    expect(checkLayers(tree)).toEqual([
      { file, message: 'imports src/ui/i18n/index.ts: the device layer may import only device, contract' },
    ]);
  });

  it('keeps the contract self-contained: no device code, no Node, no Preact', () => {
    const tree = realTree();
    const file = 'src/contract/feed.ts';
    tree.set(file, `import type { Db } from '../device/store/db.ts';\nimport { readFile } from 'node:fs/promises';\n${tree.get(file)}`);
    const messages = checkLayers(tree).map((p) => p.message);
    expect(messages.slice(0, 2)).toEqual([
      'the contract layer must not import node:fs/promises',
      'imports src/device/store/db.ts: the contract layer may import only contract',
    ]);
    // The store imports the feed's types, so the upward import also closes a circle.
    expect(messages[2]).toMatch(/^files import each other in a circle: .*src\/device\/store\/db\.ts/);
    expect(messages).toHaveLength(3);
  });

  it('lets views reach the device layer only through the shell: a hook there, or a type', () => {
    const tree = realTree();
    const file = 'src/ui/views/kiosk/home.tsx';
    tree.set(
      file,
      `import { openStore } from '../../../device/store/db.ts';\nimport type { SyncState } from '../../../device/store/db.ts';\n${tree.get(file)}`,
    );
    expect(checkLayers(tree)).toEqual([
      {
        file,
        message: 'imports src/device/store/db.ts: the ui layer reaches the device layer only through src/ui/shell/ (a hook there)',
      },
    ]);
    const typesOnly = realTree();
    typesOnly.set(file, `import type { SyncState } from '../../../device/store/db.ts';\n${typesOnly.get(file)}`);
    expect(checkLayers(typesOnly)).toEqual([]);
  });

  it('keeps the hub off the page: it imports the contract only', () => {
    const tree = realTree();
    tree.set('hub/extra.ts', "export { SyncEngine } from '../src/device/sync/engine.ts';\n");
    expect(checkLayers(tree)).toEqual([
      { file: 'hub/extra.ts', message: 'imports src/device/sync/engine.ts: the hub layer may import only hub, contract' },
    ]);
  });

  it('finds files that import each other in a circle, type imports and dynamic ones included', () => {
    const tree = new Map([
      ['src/ui/a.tsx', "import type { B } from './b.tsx';\n"],
      ['src/ui/b.tsx', "export type B = 1;\nconst c = () => import('./c.ts');\n"],
      ['src/ui/c.ts', "import './a.tsx';\n"],
      ['src/ui/d.ts', "import { b } from './b.tsx';\n"],
    ]);
    expect(checkLayers(tree)).toEqual([
      { file: 'src/ui/a.tsx', message: 'files import each other in a circle: src/ui/a.tsx, src/ui/b.tsx, src/ui/c.ts' },
    ]);
  });

  it('refuses a file in src/ outside every layer, and ignores tests', () => {
    const tree = new Map([
      ['src/misc/x.ts', 'export const x = 1;\n'],
      ['src/device/y.test.ts', "import '../ui/z.tsx';\n"],
    ]);
    expect(checkLayers(tree)).toEqual([
      { file: 'src/misc/x.ts', message: 'belongs to no layer (src/contract, src/device, src/ui, src/sw)' },
    ]);
  });

  it('reads every form of import', () => {
    const src = [
      "import a from './a.ts';",
      "import { b, type C } from '../b.ts';",
      "import type { D } from './d.ts';",
      "export * from './e.ts';",
      "export { f } from './f.ts';",
      "import './g.css';",
      "const h = await import('./h.tsx');",
      "new Worker(new URL('./i.ts', import.meta.url), { type: 'module' });",
      "import { j } from 'valibot';",
    ].join('\n');
    expect(importsOf('src/x/y.ts', src)).toEqual({
      files: ['src/x/a.ts', 'src/b.ts', 'src/x/d.ts', 'src/x/e.ts', 'src/x/f.ts', 'src/x/g.css', 'src/x/h.tsx', 'src/x/i.ts'],
      typeOnly: new Set(['src/x/d.ts']),
      packages: ['valibot'],
    });
    expect(circles(new Map([['a', ['a']]]))).toEqual([['a']]);
  });
});
