import { describe, expect, it } from 'vitest';
import type { PublicProfile } from '../../services/public-profile.service.ts';
import { publicProfileHtml } from './public-profile.html.ts';

const counts = { bronze: 0, silver: 0, gold: 0, platinum: 1 };
const game = (name: string, iconUrl: string | null) => ({
  name,
  iconUrl,
  platforms: ['PS5'],
  progress: 100,
  earned: counts,
  defined: counts,
  platinumEarned: true,
  lastUpdatedAt: '2026-01-01T00:00:00Z',
});

describe('the shared profile page', () => {
  it('shows each icon from the URL it is given, and an empty tile where there is none', () => {
    const icon = '/api/public/profiles/abcdefghijklmnop/images/psn/L2EucG5n';
    const profile: PublicProfile = {
      name: 'ana',
      level: 1,
      tier: 1,
      points: 180,
      earned: counts,
      platinums: 1,
      games: 2,
      completed: 1,
      platinumCabinet: [{ ...game('With icon', icon), earnedAt: null }],
      recentGames: [game('With icon', icon), game('Without', null)],
      recentTrophies: [],
    };
    const html = publicProfileHtml(profile, { page: 'http://here/u/x', card: 'http://here/u/x/card.svg' });
    expect([...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1])).toEqual([icon, icon]);
    expect(html).toContain('<span class="noicon noicon--64" aria-hidden="true"></span><div><h3>Without</h3>');
    expect(html).not.toContain('src="null"');
  });
});
