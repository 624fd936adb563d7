/**
 * Builds one JavaScript file from TypeScript sources: the workspace's own packages (read from
 * their `development` sources) are bundled in, every npm package stays an import resolved at run
 * time. Beside the file, `<name>.inputs.json` lists the sources it was made from, so the runner
 * can tell when it is out of date. Run as a script, it builds the CLI: `dist/trophyroom.mjs`.
 * @module
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Workspace packages are ours to bundle; anything else named bare comes from node_modules. */
const external = {
  name: 'npm-packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || args.path.startsWith('@trophyroom/') || args.path === 'psn-sim' || args.path.startsWith('psn-sim/'))
        return undefined;
      return { path: args.path, external: true };
    });
  },
};

/**
 * Bundles `entry` into `outfile` (ESM, Node 20; what it imports lazily goes into chunks beside it,
 * loaded when first needed) and writes the inputs list beside it.
 * @returns the source files bundled, as absolute paths
 */
export async function bundle(entry, outfile) {
  // Chunks of an earlier build would linger beside the new ones.
  rmSync(join(dirname(outfile), 'chunks'), { recursive: true, force: true });
  const result = await build({
    entryPoints: { [basename(outfile, '.mjs')]: entry },
    outdir: dirname(outfile),
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['development'],
    plugins: [external],
    metafile: true,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  const cwd = process.cwd();
  const inputs = Object.keys(result.metafile.inputs).map((p) => resolve(cwd, p));
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(inputsFile(outfile), `${JSON.stringify(inputs.map((p) => relative(dirname(outfile), p)))}\n`);
  return inputs;
}

/** Where `bundle` lists the sources of `outfile`. */
export function inputsFile(outfile) {
  return outfile.replace(/\.mjs$/, '.inputs.json');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const inputs = await bundle(join(root, 'src/main.ts'), join(root, 'dist/trophyroom.mjs'));
  process.stdout.write(`trophyroom: dist/trophyroom.mjs from ${inputs.length} sources\n`);
}
