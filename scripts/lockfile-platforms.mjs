#!/usr/bin/env node
// The registry this project installs from lacks some of Biome's per-platform binaries, so npm
// leaves them out of package-lock.json and `npm ci` then calls the lock out of sync. This adds
// their entries (never installed here: another os/cpu/libc). Run it after `npm install <pkg>`.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const biome = lock.packages['node_modules/@biomejs/biome'];
const platforms = {
  'android-arm64': [['android'], ['arm64']],
  'android-x64': [['android'], ['x64']],
  'darwin-arm64': [['darwin'], ['arm64']],
  'darwin-x64': [['darwin'], ['x64']],
  'linux-arm64': [['linux'], ['arm64'], ['glibc']],
  'linux-arm64-musl': [['linux'], ['arm64'], ['musl']],
  'linux-x64': [['linux'], ['x64'], ['glibc']],
  'linux-x64-musl': [['linux'], ['x64'], ['musl']],
  'win32-arm64': [['win32'], ['arm64']],
  'win32-x64': [['win32'], ['x64']],
};
let added = 0;
for (const [name, [os, cpu, libc]] of Object.entries(platforms)) {
  const key = `node_modules/@biomejs/cli-${name}`;
  if (lock.packages[key]) continue;
  lock.packages[key] = {
    version: biome.version,
    cpu,
    dev: true,
    ...(libc ? { libc } : {}),
    license: biome.license,
    optional: true,
    os,
    engines: biome.engines,
  };
  added += 1;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added ? `added ${added} platform entries to package-lock.json` : 'package-lock.json already lists every platform');
