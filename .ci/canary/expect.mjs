// Reads the JSON report of the canary run and checks that each deliberate failure was seen as one,
// so the canary cannot pass for the wrong reason (no tests found, a config error, PostgreSQL down).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const files = Object.fromEntries(report.testResults.map((file) => [basename(file.name), file]));
const expected = {
  'assertion.canary.ts': { status: 'failed', tests: { passes: 'passed', 'fails on purpose': 'failed' } },
  'hook.canary.ts': { status: 'failed', message: 'a hook that fails on purpose' },
  'import.canary.ts': { status: 'failed', message: 'a suite that fails to start on purpose' },
  'postgres.canary.ts': { status: 'passed', tests: { 'reaches the PostgreSQL server of the test run': 'passed' } },
};
const problems = [];
for (const [name, want] of Object.entries(expected)) {
  const file = files[name];
  if (!file) {
    problems.push(`${name} did not run`);
    continue;
  }
  if (file.status !== want.status) problems.push(`${name}: ${file.status}, expected ${want.status}`);
  if (want.message && !JSON.stringify(file).includes(want.message)) problems.push(`${name}: its error "${want.message}" was not reported`);
  for (const [title, status] of Object.entries(want.tests ?? {})) {
    const test = file.assertionResults.find((result) => result.title === title);
    if (test?.status !== status) problems.push(`${name} › ${title}: ${test?.status ?? 'missing'}, expected ${status}`);
  }
}
if (problems.length > 0) {
  console.error(`canary: the failing tests did not fail as expected:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('canary: a failing assertion, a failing hook and a suite that cannot load each failed the run (with PostgreSQL up)');
