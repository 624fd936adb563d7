import { readFileSync, readdirSync } from 'node:fs';
const dir = '/tmp/api-prof';
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) as string;
const p = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
const self = new Map<number, number>();
const dt = p.timeDeltas as number[];
p.samples.forEach((id: number, i: number) => self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)));
const byFn = new Map<string, number>();
for (const n of p.nodes) {
  const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
  byFn.set(k, (byFn.get(k) ?? 0) + (self.get(n.id) ?? 0));
}
const total = [...byFn.values()].reduce((a, b) => a + b, 0);
for (const [k, v] of [...byFn.entries()].sort((a, b) => b[1] - a[1]).slice(0, 35)) console.log(((v / total) * 100).toFixed(1).padStart(5), k);
