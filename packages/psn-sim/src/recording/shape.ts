/**
 * The shape of a JSON answer, for comparing answers whose values differ: every field path with
 * the JSON types seen there. Array items are merged (`trophies[].earnedDateTime` is there when any
 * trophy has it), so a page of 3 and a page of 800 compare alike.
 * @module
 */

export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

/** Field path (`trophyTitles[].definedTrophies.bronze`) → the types seen there. */
export type Shape = Map<string, Set<JsonType>>;

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean' ? t : 'object';
}

// Keys of a map by language (`localizedName.metadata["de-DE"]`): compared as one key, `{language}`.
const LANGUAGE_KEY = /^[a-z]{2,3}-[A-Za-z0-9]{2,4}$/;

/** The shape of a value; `root` prefixes every path. Language-keyed maps collapse to `{language}`. */
export function shapeOf(value: unknown, root = '', into: Shape = new Map()): Shape {
  const add = (path: string, type: JsonType) => {
    let set = into.get(path);
    if (!set) into.set(path, (set = new Set()));
    set.add(type);
  };
  const walk = (node: unknown, path: string) => {
    const type = typeOf(node);
    add(path, type);
    if (type === 'array') for (const item of node as unknown[]) walk(item, `${path}[]`);
    else if (type === 'object')
      for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
        const name = LANGUAGE_KEY.test(key) ? '{language}' : key;
        walk(child, path ? `${path}.${name}` : name);
      }
  };
  walk(value, root);
  return into;
}

/** The part of a shape under `prefix` (`trophies[]`), re-rooted, as the shape of one item. */
export function subShape(shape: Shape, prefix: string): Shape {
  const out: Shape = new Map();
  for (const [path, types] of shape) {
    if (path === prefix) out.set('', new Set(types));
    else if (path.startsWith(`${prefix}.`)) out.set(path.slice(prefix.length + 1), new Set(types));
  }
  return out;
}

/** Merges shapes (the union of what several answers showed). */
export function mergeShapes(shapes: Iterable<Shape>): Shape {
  const out: Shape = new Map();
  for (const shape of shapes) for (const [path, types] of shape) out.set(path, new Set([...(out.get(path) ?? []), ...types]));
  return out;
}

export interface ShapeProblem {
  kind: 'missing' | 'type' | 'nullability' | 'extra';
  path: string;
  detail: string;
}

/**
 * What the simulator does differently from Sony. `recorded`: one of Sony's answers; `simulated`:
 * the simulator's answer to the same question; `known`: every path Sony was recorded sending on
 * this route (to judge what the simulator adds), or undefined to skip that check.
 */
export function compareShapes(recorded: Shape, simulated: Shape, known?: Shape): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  const list = (s: Set<JsonType> | undefined) => [...(s ?? [])].sort().join('|');
  for (const [path, types] of recorded) {
    const sim = simulated.get(path);
    const at = path || '(root)';
    if (!sim) {
      problems.push({ kind: 'missing', path: at, detail: `Sony sends ${list(types)}; the simulator never does` });
      continue;
    }
    const wanted = [...types].filter((t) => t !== 'null');
    if (wanted.some((t) => !sim.has(t))) problems.push({ kind: 'type', path: at, detail: `Sony sends ${list(types)}; the simulator ${list(sim)}` });
    if (types.has('null') && !sim.has('null')) problems.push({ kind: 'nullability', path: at, detail: 'Sony sends null here; the simulator never does' });
  }
  if (known) {
    for (const [path, types] of simulated) {
      const sony = known.get(path);
      if (!sony) problems.push({ kind: 'extra', path: path || '(root)', detail: `the simulator sends ${list(types)}; no recording of Sony does` });
      else if ([...types].some((t) => !sony.has(t)))
        problems.push({ kind: 'type', path, detail: `the simulator sends ${list(types)}; Sony was recorded sending ${list(sony)}` });
    }
  }
  return problems;
}
