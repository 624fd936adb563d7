#!/usr/bin/env -S node --max-old-space-size=1024
// The heap ceiling sizes V8 for a small self-hosting box whatever the machine: V8 lets the heap
// grow to 4× what is live when its ceiling is the default of a big machine, 1.6× under 1 GiB
// (bench/library-story.ts: peak RSS 249–311 MB without it, about 200 MB with it; live heap ~50 MB).
// Run with `node --max-old-space-size=N bin/trophyroom.js` to choose another.
// Runs the built file (`npm run build`: dist/trophyroom.mjs) when it is newer than every source it
// was made from; otherwise the TypeScript sources through tsx, so a checkout works without a build
// and an edited source is never shadowed by an old build. TROPHYROOM_FROM_SOURCE=1 forces the sources.
import { readFileSync, statSync } from 'node:fs';
import { register } from 'node:module';

const built = new URL('../dist/trophyroom.mjs', import.meta.url);

function builtIsCurrent() {
  if (process.env.TROPHYROOM_FROM_SOURCE === '1') return false;
  try {
    const madeAt = statSync(built).mtimeMs;
    const inputs = JSON.parse(readFileSync(new URL('../dist/trophyroom.inputs.json', import.meta.url), 'utf8'));
    return inputs.every((input) => statSync(new URL(input, built)).mtimeMs <= madeAt);
  } catch {
    // No build, or a source gone since: the sources are the truth.
    return false;
  }
}

if (builtIsCurrent()) {
  await import(built.href);
} else {
  // The workspace packages serve their sources under the `development` export condition (as
  // tsconfig's customConditions does for the compiler), so the resolver is told to prefer it.
  const { register: registerTsx } = await import('tsx/esm/api');
  register('data:text/javascript,export function resolve(s,c,n){return n(s,{...c,conditions:[...new Set(["development",...c.conditions])]})}');
  registerTsx();
  await import('../src/main.ts');
}
