export * from './auth.schema.ts';
export * from './common.schema.ts';
export * from './connection.schema.ts';
export { contractProblem, eventProblem } from './contract-problem.ts';
export type { Access, Endpoint, EndpointResponse } from './endpoint.ts';
export { type EndpointName, endpoints } from './endpoints.ts';
export * from './games.schema.ts';
export { type MatchedEndpoint, matchEndpoint } from './match-endpoint.ts';
export * from './psn.schema.ts';
