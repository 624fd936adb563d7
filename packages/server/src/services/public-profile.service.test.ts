import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArtworkService } from './artwork.service.ts';
import { PublicProfileService } from './public-profile.service.ts';
import { ServiceError } from './service-error.ts';
import type { SharedProfile } from './sharing.service.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const TOKEN = 'abcdefghijklmnopqrstuvwx';
const SONY = 'https://image.api.playstation.com/trophy/np/NPWR1_00_AB/GAME.PNG';
const FOREIGN = 'https://cdn.example/NPWR2/GAME.PNG';
const TROPHY = 'https://image.api.playstation.com/trophy/np/NPWR1_00_AB/T1.PNG';
const SECRET = 'https://image.api.playstation.com/trophy/np/NPWR1_00_AB/T2.PNG';

const counts = { bronze: 0, silver: 0, gold: 0, platinum: 0 };
const game = (name: string, iconUrl: string) => ({
  name,
  iconUrl,
  platforms: ['PS5'],
  progress: 10,
  earned: counts,
  defined: counts,
  platinumEarned: false,
  lastUpdatedAt: '2026-01-01T00:00:00Z',
});
const shared: SharedProfile = {
  name: 'ana',
  level: 1,
  tier: 1,
  points: 15,
  earned: counts,
  platinums: 0,
  games: 2,
  completed: 0,
  platinumCabinet: [],
  recentGames: [game('Shown', SONY), game('Elsewhere', FOREIGN)],
  recentTrophies: [
    { game: 'Shown', type: 'bronze', name: 'First', detail: 'Do it', iconUrl: TROPHY, masked: false, earnedAt: null },
    { game: 'Shown', type: 'gold', name: 'Secret trophy', detail: '', iconUrl: null, masked: true, earnedAt: null },
  ],
};

const dir = mkdtempSync(join(tmpdir(), 'trophyroom-public-profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const asked: string[] = [];
const artwork = new ArtworkService({
  dir,
  fetch: (async (input: string | URL | Request) => {
    asked.push(String(input));
    return new Response(PNG, { headers: { 'content-type': 'image/png' } });
  }) as typeof fetch,
});
const notShared = () => new ServiceError('not_found', 'No profile is shared at this address.');
const service = new PublicProfileService({
  artwork,
  sharing: {
    profile: async (token) => {
      if (token !== TOKEN) throw notShared();
      return shared;
    },
    icons: async (token) => {
      if (token !== TOKEN) throw notShared();
      return new Set([SONY, FOREIGN, TROPHY]);
    },
  },
});
const refOf = (url: string) => (artwork.imageRef(url) as string).split('/') as [string, string];

describe('the public profile: icons under the share, and only those served', () => {
  it('points each icon at our origin under the share, and an icon on a host we do not fetch from at nothing (never its own URL)', async () => {
    const profile = await service.profile(TOKEN);
    expect(profile.recentGames.map((g) => g.iconUrl)).toEqual([`/api/public/profiles/${TOKEN}/images/${artwork.imageRef(SONY)}`, null]);
    expect(profile.recentTrophies.map((t) => t.iconUrl)).toEqual([`/api/public/profiles/${TOKEN}/images/${artwork.imageRef(TROPHY)}`, null]);
    expect(JSON.stringify(profile)).not.toMatch(/https?:/);
  });

  it('serves a shown icon (fetched once), and refuses any other image or token without asking the host', async () => {
    expect((await service.image(TOKEN, ...refOf(SONY))).contentType).toBe('image/png');
    expect(asked).toEqual([SONY]);
    for (const [token, url] of [
      [TOKEN, SECRET],
      [TOKEN, 'https://image.api.playstation.com/trophy/np/NPWR9_00_CD/OTHER.PNG'],
      ['zyxwvutsrqponmlkjihgfedc', SONY],
    ] as const) {
      await expect(service.image(token, ...refOf(url))).rejects.toMatchObject({ code: 'not_found' });
    }
    expect(asked).toEqual([SONY]);
  });
});
