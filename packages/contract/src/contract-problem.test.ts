import { describe, expect, it } from 'vitest';
import { contractProblem, eventProblem } from './contract-problem.ts';
import { matchEndpoint } from './match-endpoint.ts';

const run = {
  id: 'r1',
  kind: 'sync',
  state: 'running',
  total: 1,
  done: 0,
  current: null,
  errors: [],
  newTitles: [],
  requests: 0,
  remainingRequests: 1,
  estimatedSecondsLeft: 3,
  estimatedFinishAt: '2026-11-25T12:00:03.000Z',
  priority: [],
  startedAt: '2026-11-25T12:00:00.000Z',
  finishedAt: null,
  jobId: 'j1',
};

describe('the contract as a check', () => {
  it('finds the route of a method and path, with its parameters', () => {
    expect(matchEndpoint('GET', '/api/games/NPWR10600_00')).toMatchObject({ name: 'game', params: { npCommunicationId: 'NPWR10600_00' } });
    expect(matchEndpoint('get', '/api/games')?.name).toBe('games');
    expect(matchEndpoint('GET', '/api/sync/runs/r%201/events')).toMatchObject({ name: 'runEvents', params: { id: 'r 1' } });
    expect(matchEndpoint('PUT', '/api/games')).toBeUndefined();
    expect(matchEndpoint('GET', '/api/games/a/b')).toBeUndefined();
  });

  it('says what breaks it: an undeclared status, a body its schema refuses, an unknown error code, a body on a 204', () => {
    expect(contractProblem('GET', '/api/sync/runs/r1', 200, { run })).toBeUndefined();
    expect(contractProblem('GET', '/api/sync/runs/r1', 201, { run })).toMatch(/run answers 200/);
    expect(contractProblem('GET', '/api/sync/runs/r1', 200, { run: { ...run, total: '1' } })).toMatch(
      /run\.total: Invalid input: expected number, received string/,
    );
    expect(contractProblem('GET', '/api/nope', 200, {})).toMatch(/no such route/);
    expect(contractProblem('GET', '/api/nope', 404, { error: { code: 'not_found', message: 'No.' } })).toBeUndefined();
    expect(contractProblem('GET', '/api/me', 401, { error: { code: 'who_knows', message: 'No.' } })).toMatch(/error\.code/);
    expect(contractProblem('POST', '/api/auth/logout', 204, undefined)).toBeUndefined();
    expect(contractProblem('POST', '/api/auth/logout', 204, {})).toMatch(/no body/);
    expect(contractProblem('GET', '/api/sync/events', 200, undefined)).toMatch(/event stream/);
  });

  it('checks an event stream’s events by name', () => {
    expect(eventProblem('/api/sync/runs/r1/events', 'end', run)).toBeUndefined();
    expect(eventProblem('/api/sync/events', 'end', run)).toMatch(/declares only progress/);
    expect(eventProblem('/api/sync/events', 'progress', { ...run, state: 'queued' })).toMatch(/state/);
    expect(eventProblem('/api/games', 'progress', run)).toMatch(/no such event stream/);
  });
});
