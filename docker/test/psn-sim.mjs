// The PSN simulator for run.sh's compose test, run in the Trophyroom image itself (it ships the
// simulator for `trophyroom sim`), listening on every address so the web and worker containers
// reach it at http://sim:4100. `trophyroom sim` listens on loopback only.
import { register } from 'tsx/esm/api';

register();
const { createSimulator } = await import('psn-sim');
const sim = createSimulator({ seed: 42, accounts: 2, titles: 12 });
const url = await sim.listen(4100, '0.0.0.0');
console.log(`psn-sim at ${url}`);
const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
