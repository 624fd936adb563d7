import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createReplay } from './replay.ts';
import { loadRecordings, parseRecording } from './recording.ts';
import { compareShapes, mergeShapes, shapeOf, subShape } from './shape.ts';

const recordings = loadRecordings(fileURLToPath(new URL('../../recordings/', import.meta.url))).map((r) => r.recording);

describe('replay', () => {
  it('answers a recorded request by method and path, an account id matching me, in turn when recorded twice', async () => {
    const replay = createReplay(recordings);
    const fallout = await replay.fetch('http://replay.test/api/trophy/v1/npCommunicationIds/NPWR15509_00/trophyGroups?npServiceName=trophy');
    expect((await fallout.json()).trophyTitleName).toBe('Fallout 76');
    // Recorded for 1000000000000000003: asked as me, it still answers.
    const groups = await replay.fetch('http://replay.test/api/trophy/v1/users/me/npCommunicationIds/NPWR15509_00/trophyGroups?npServiceName=trophy');
    expect(groups.status).toBe(200);
    // Two token answers recorded: served one after the other.
    const token = () => replay.fetch('http://replay.test/api/authz/v3/oauth/token', { method: 'POST', body: 'grant_type=refresh_token' });
    expect((await token()).status).toBe(200);
    expect((await token()).status).toBe(200);
    const authorize = await replay.fetch('http://replay.test/api/authz/v3/oauth/authorize?client_id=x');
    expect([302]).toContain(authorize.status);
    const missing = await replay.fetch('http://replay.test/api/nothing/here');
    expect(missing.status).toBe(404);
    expect(replay.unmatched).toEqual(['GET /api/nothing/here']);
  });

  it('listens on loopback and closes', async () => {
    const replay = createReplay(recordings);
    const url = await replay.listen(0);
    expect((await fetch(`${url}/api/trophy/v1/users/me/trophySummary`)).status).toBe(200);
    await replay.close();
    await replay.close();
  });
});

describe('recordings', () => {
  it('refuse files that are not recordings, naming the problem', () => {
    expect(() => parseRecording('nope', 'x.json')).toThrow(/x.json: not JSON/);
    expect(() => parseRecording('{}', 'x.json')).toThrow(/format/);
    expect(() => parseRecording('{"format":"psn-recording/1","exchanges":[]}', 'x.json')).toThrow(/exchanges/);
    expect(() => parseRecording('{"format":"psn-recording/1","exchanges":[{}],"sources":[]}', 'x.json')).toThrow(/route/);
    expect(() => parseRecording('{"format":"psn-recording/1","exchanges":[{"route":"a","case":"b"}]}', 'x.json')).toThrow(/sources/);
    expect(() => parseRecording('{"format":"psn-recording/1","sources":[],"exchanges":[{"route":"a","case":"b","request":{}}]}', 'x.json')).toThrow(/request/);
    expect(() =>
      parseRecording(
        '{"format":"psn-recording/1","sources":[],"exchanges":[{"route":"a","case":"b","request":{"method":"GET","url":"/"},"response":{}}]}',
        'x.json',
      ),
    ).toThrow(/status/);
  });
});

describe('shapes', () => {
  it('merge array items, collapse language keys, and tell missing, type, nullability and extra apart', () => {
    const sony = shapeOf({ a: [{ x: 1 }, { x: 2, y: null }], m: { 'en-US': 'A', 'de-DE': 'B' }, n: null });
    expect([...sony.keys()]).toEqual(['', 'a', 'a[]', 'a[].x', 'a[].y', 'm', 'm.{language}', 'n']);
    const sim = shapeOf({ a: [{ x: '1' }], m: { 'ja-JP': 'C' }, n: 3, z: true });
    const problems = compareShapes(sony, sim, mergeShapes([sony]));
    expect(problems.map((p) => `${p.kind} ${p.path}`)).toEqual(['type a[].x', 'missing a[].y', 'nullability n', 'type a[].x', 'type n', 'extra z']);
    expect(subShape(sony, 'a[]').has('x')).toBe(true);
    expect(compareShapes(shapeOf(''), shapeOf(''))).toEqual([]);
  });
});
