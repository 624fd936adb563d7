#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so the package needs no build step. The workspace
// packages serve their sources under the `development` export condition (as tsconfig's
// customConditions does for the compiler), so the resolver is told to prefer it.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

register('data:text/javascript,export function resolve(s,c,n){return n(s,{...c,conditions:[...new Set(["development",...c.conditions])]})}');
registerTsx();
await import('../src/main.ts');
