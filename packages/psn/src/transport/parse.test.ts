import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { MalformedResponseError } from '../errors/kinds.ts';
import { trophyTitlesSchema } from '../resources/trophy-titles.ts';
import { type SkippedItem, parseBody, validate } from './parse.ts';

const title = (id: string, extra: Record<string, unknown> = {}) => ({
  npServiceName: 'trophy2',
  npCommunicationId: id,
  trophyTitleName: `Title ${id}`,
  definedTrophies: { bronze: 1, silver: 0, gold: 0, platinum: 0 },
  earnedTrophies: { bronze: 1, silver: 0, gold: 0, platinum: 0 },
  progress: 100,
  lastUpdatedDateTime: '2025-01-11T20:46:09Z',
  ...extra,
});

describe('parseBody', () => {
  it('reads nulls and missing optional fields, never fails on an unknown enum value or a field Sony adds (left out of the result)', () => {
    const body = {
      trophyTitles: [
        title('NPWR00001_00', { npServiceName: 'trophy3', trophyTitlePlatform: 'PSPC', hiddenFlag: null, trophySetVersion: null, brandNewField: { a: 1 } }),
        title('NPWR00002_00', { trophyTitlePlatform: 'PS5,PSPC', trophyGroupCount: null }),
      ],
      totalItemCount: 2,
      nextOffset: null,
      previousOffset: null,
    };
    const page = parseBody(JSON.stringify(body), trophyTitlesSchema, { endpoint: 'trophy.titles', status: 200 });
    // Kept as Sony sent it: null means no next page (the iterators read `?? undefined`).
    expect(page.nextOffset).toBeNull();
    expect(page.previousOffset).toBeNull();
    expect(page.trophyTitles[0]).toMatchObject({
      npServiceName: 'trophy3',
      trophyTitlePlatform: 'PSPC',
      hiddenFlag: false,
      trophySetVersion: '',
    });
    expect(page.trophyTitles[0]).not.toHaveProperty('brandNewField');
    expect(page.trophyTitles[1]?.trophyGroupCount).toBeUndefined();
  });

  it('leaves out a malformed item, reporting it with its path, instead of failing the page', () => {
    const skipped: SkippedItem[] = [];
    const body = { trophyTitles: [title('A'), { ...title('B'), npCommunicationId: 12 }, title('C'), { progress: 'x' }], totalItemCount: 4 };
    const text = JSON.stringify(body);
    const page = parseBody(text, trophyTitlesSchema, { endpoint: 'trophy.titles', status: 200, items: [['trophyTitles']], onSkipped: (s) => skipped.push(s) });
    expect(page.trophyTitles.map((t) => t.npCommunicationId)).toEqual(['A', 'C']);
    expect(skipped.map((s) => s.path)).toEqual(['trophyTitles.1', 'trophyTitles.3']);
    expect(skipped[0]).toMatchObject({ endpoint: 'trophy.titles', message: expect.stringMatching(/^trophyTitles\.1\.npCommunicationId: /) });
    // Without `items`, the same body fails as a whole, naming the field.
    const error = (() => {
      try {
        parseBody(text, trophyTitlesSchema, { endpoint: 'trophy.titles', status: 200 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as MalformedResponseError).path).toBe('trophyTitles.1.npCommunicationId');
  });

  it('drops the deepest item that holds the issue, and an item inside a dropped one goes with it', () => {
    const schema = z.object({ titles: z.array(z.object({ id: z.string(), sets: z.array(z.object({ n: z.number() })) })) });
    const skipped: string[] = [];
    const json = {
      titles: [
        { id: 'a', sets: [{ n: 1 }, { n: 'bad' }, { n: 3 }, { n: 'bad' }] },
        { id: 7, sets: [{ n: 'bad' }] },
        { id: 'c', sets: [] },
      ],
    };
    const out = validate(json, schema, { endpoint: 'x', status: 200, items: [['titles'], ['titles', '*', 'sets']], onSkipped: (s) => skipped.push(s.path) });
    expect(out).toEqual({
      titles: [
        { id: 'a', sets: [{ n: 1 }, { n: 3 }] },
        { id: 'c', sets: [] },
      ],
    });
    expect(skipped.sort()).toEqual(['titles.0.sets.1', 'titles.0.sets.3', 'titles.1']);
    // Sony's JSON is not changed in place.
    expect(json.titles).toHaveLength(3);
  });

  it('fails the body when the envelope itself is wrong, or when the body is not JSON', () => {
    const items = [['trophyTitles']] as const;
    expect(() => parseBody('{"trophyTitles": 5}', trophyTitlesSchema, { endpoint: 'trophy.titles', status: 200, items })).toThrow(MalformedResponseError);
    expect(() => parseBody('<html>', trophyTitlesSchema, { endpoint: 'trophy.titles', status: 200, items })).toThrow(/not JSON/);
  });

  it('gives up after a few passes on a body whose items keep failing', () => {
    // A schema whose items fail on every pass (each pass checks a further level of nesting).
    const deep = z.object({ a: z.array(z.object({ b: z.array(z.object({ c: z.array(z.object({ d: z.array(z.number()) })) })) })) });
    const json = { a: [{ b: [{ c: [{ d: ['x'] }] }] }] };
    const items = [['a'], ['a', '*', 'b'], ['a', '*', 'b', '*', 'c'], ['a', '*', 'b', '*', 'c', '*', 'd']];
    // One pass drops the deepest failing item; the result is valid, so this one passes.
    expect(validate(json, deep, { endpoint: 'x', status: 200, items })).toEqual({ a: [{ b: [{ c: [{ d: [] }] }] }] });
    const never = z.object({ a: z.array(z.number()) }).refine(() => false, 'never');
    expect(() => validate({ a: [1] }, never, { endpoint: 'x', status: 200, items: [['a']] })).toThrow(MalformedResponseError);
  });
});
