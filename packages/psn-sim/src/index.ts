export { Simulator, createSimulator } from './simulator.ts';
export type { AccountCredentials, RouteContext } from './simulator.ts';
export { SimClock } from './clock.ts';
export type { Clock } from './clock.ts';
export { defaultGraphqlHashes, resolveOptions } from './options.ts';
export type { GraphqlOperation, RateLimitOptions, SimulatorOptions } from './options.ts';
export type { FaultKind, FaultRule } from './middleware/faults.ts';
export type { RequestCounts } from './middleware/counters.ts';
export { levelOf, progressOf, rarityOf } from './world/trophy-math.ts';
