/**
 * The layers, as folders, and the rule between them: a file imports only from its own layer
 * and the layers below it, and no files import each other in a circle. `npm test` runs the
 * check (scripts/check-layers.ts); README "Layers" draws the same picture.
 *
 *   ui (src/ui: shell, views)      sw (src/sw: the service worker)
 *          \  (through src/ui/shell)  /
 *           device (src/device: store, sync, outbox, proof, identity, session, search)
 *                        |
 *           contract (src/contract: formats, schemas, signatures, calendar)   <- hub (Node)
 *
 * Tests are outside the rule: a hub test may read a feed the way a device does.
 */

export interface Layer {
  name: string;
  /** Its folder, with a trailing slash. */
  dir: string;
  /** The layers below it that it may import. */
  may: readonly string[];
  /** Packages it must not import (a prefix each). */
  refuse: readonly string[];
  /** A layer below that only the files in one folder may import at run time (types are free). */
  door?: { layer: string; dir: string };
}

export const LAYERS: readonly Layer[] = [
  // Runs unchanged in the hub, the page, its workers and the service worker.
  { name: 'contract', dir: 'src/contract/', may: [], refuse: ['node:', 'preact', 'idb', 'fastify', 'better-sqlite3', 'workbox-'] },
  { name: 'device', dir: 'src/device/', may: ['contract'], refuse: ['node:', 'preact', 'fastify', 'better-sqlite3', 'workbox-'] },
  // Views and the keyboard reach the device layer only through the shell's hooks (…-hooks.ts) and its start-up.
  {
    name: 'ui',
    dir: 'src/ui/',
    may: ['device', 'contract'],
    refuse: ['node:', 'fastify', 'better-sqlite3', 'workbox-'],
    door: { layer: 'device', dir: 'src/ui/shell/' },
  },
  { name: 'sw', dir: 'src/sw/', may: ['device', 'contract'], refuse: ['node:', 'preact', 'fastify', 'better-sqlite3'] },
  { name: 'hub', dir: 'hub/', may: ['contract'], refuse: ['preact', 'idb', 'workbox-'] },
];

export interface Problem {
  file: string;
  message: string;
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s+(type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|new URL\(\s*['"](\.[^'"]+)['"]\s*,\s*import\.meta\.url/g;

/** What a file imports: relative specifiers resolved to repository paths (those imported for their types only also apart), and package names. */
export function importsOf(file: string, source: string): { files: string[]; typeOnly: Set<string>; packages: string[] } {
  const files: string[] = [];
  const runtime = new Set<string>();
  const packages: string[] = [];
  for (const m of source.matchAll(IMPORT)) {
    const spec = m[2] ?? m[3] ?? m[4]!;
    if (!spec.startsWith('.')) {
      packages.push(spec);
      continue;
    }
    const path = join(dirname(file), spec);
    files.push(path);
    if (!m[1]) runtime.add(path);
  }
  return { files, typeOnly: new Set(files.filter((f) => !runtime.has(f))), packages };
}

export function isTest(file: string): boolean {
  return /\.test\.tsx?$/.test(file);
}

export function layerOf(file: string): Layer | undefined {
  return LAYERS.find((l) => file.startsWith(l.dir));
}

/** Every broken rule in a tree (path → source; paths relative to the repository, with '/'). */
export function checkLayers(tree: ReadonlyMap<string, string>): Problem[] {
  const problems: Problem[] = [];
  const edges = new Map<string, string[]>();
  for (const [file, source] of tree) {
    if (isTest(file) || !/\.(tsx?|mts)$/.test(file)) continue;
    const layer = layerOf(file);
    if (!layer) {
      if (file.startsWith('src/')) problems.push({ file, message: 'belongs to no layer (src/contract, src/device, src/ui, src/sw)' });
      continue;
    }
    const { files, typeOnly, packages } = importsOf(file, source);
    for (const p of packages) {
      const refused = layer.refuse.find((r) => p === r || p.startsWith(r.endsWith(':') || r.endsWith('-') ? r : `${r}/`));
      if (refused) problems.push({ file, message: `the ${layer.name} layer must not import ${p}` });
    }
    for (const target of new Set(files)) {
      const to = layerOf(target);
      if (to && to !== layer && !layer.may.includes(to.name))
        problems.push({
          file,
          message: `imports ${target}: the ${layer.name} layer may import only ${[layer.name, ...layer.may].join(', ')}`,
        });
      else if (!to && !target.endsWith('.json')) problems.push({ file, message: `imports ${target}, which belongs to no layer` });
      else if (to && layer.door?.layer === to.name && !file.startsWith(layer.door.dir) && !typeOnly.has(target))
        problems.push({
          file,
          message: `imports ${target}: the ${layer.name} layer reaches the ${to.name} layer only through ${layer.door.dir} (a hook there)`,
        });
    }
    edges.set(
      file,
      files.filter((f) => tree.has(f) && !isTest(f)),
    );
  }
  for (const circle of circles(edges))
    problems.push({ file: circle[0]!, message: `files import each other in a circle: ${circle.join(', ')}` });
  return problems;
}

/** Files that import each other in a loop (Tarjan's strongly connected components of two or more, or a file importing itself). */
export function circles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const at = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    at.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!at.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, at.get(w)!));
    }
    if (low.get(v) === at.get(v)) {
      const part: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        part.push(w);
      } while (w !== v);
      if (part.length > 1 || edges.get(v)?.includes(v)) found.push(part.reverse());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!at.has(v)) visit(v);
  return found;
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** Joins a relative specifier onto a folder, resolving '.' and '..' (POSIX paths, as in imports). */
export function join(dir: string, spec: string): string {
  const out = dir ? dir.split('/') : [];
  for (const part of spec.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}
