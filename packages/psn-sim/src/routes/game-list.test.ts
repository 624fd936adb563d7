import { describe, expect, it } from 'vitest';
import { createSimulator } from '../simulator.ts';
import { get, signIn } from '../testing.ts';
import { isoDuration } from './game-list.ts';

describe('game list', () => {
  it('lists PS4/PS5 games with last-played times and play durations, most recent first, 200 at most a page', async () => {
    const sim = createSimulator({ seed: 17, accounts: 3, titles: 120 });
    const token = (await signIn(sim.fetch, 'http://sim', sim.credentialsOf(0).npsso)).access_token;
    const url = 'http://sim/api/gamelist/v2/users/me/titles?categories=ps4_game,ps5_native_game';
    const page = await get(sim.fetch, `${url}&limit=200`, token);
    expect(page.status).toBe(200);
    const titles = page.body.titles;
    expect(titles.length).toBe(page.body.totalItemCount);
    expect(new Set(titles.map((t: { category: string }) => t.category))).toEqual(new Set(['ps4_game', 'ps5_native_game']));
    for (const t of titles) {
      expect(t.titleId).toMatch(/^(CUSA|PPSA)\d{5}_00$/);
      expect(t.playDuration).toMatch(/^PT(\d+H)?(\d+M)?(\d+S)?$/);
      expect(Date.parse(t.lastPlayedDateTime)).toBeGreaterThanOrEqual(Date.parse(t.firstPlayedDateTime));
    }
    const times = titles.map((t: { lastPlayedDateTime: string }) => Date.parse(t.lastPlayedDateTime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const tooMany = await get(sim.fetch, `${url}&limit=500`, token);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual({
      reason: 'BadRequest',
      code: 3239940,
      source: 'Gamelist',
      message: 'invalid request, requested limit=500 allowed limit=200',
      referenceId: expect.any(String),
    });
    const ps5 = await get(sim.fetch, 'http://sim/api/gamelist/v2/users/me/titles?categories=ps5_native_game&limit=3&offset=1', token);
    expect(ps5.body.titles.every((t: { category: string }) => t.category === 'ps5_native_game')).toBe(true);
    expect(ps5.body.previousOffset).toBe(0);
  });

  it('formats play time as Sony does', () => {
    expect(isoDuration(228 * 3600 + 56 * 60 + 33)).toBe('PT228H56M33S');
    expect(isoDuration(3600)).toBe('PT1H');
    expect(isoDuration(0)).toBe('PT0S');
  });
});
