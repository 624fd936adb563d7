import { describe, expect, it } from 'vitest';
import { groupTrophies, sumCounts } from './trophy-groups.ts';

const head = (id: string) => ({ id, name: `Group ${id}`, iconUrl: `https://image.api.playstation.com/${id}.png` });

describe('groupTrophies: the one merge rule of client and server', () => {
  it('puts the base game first, then each DLC in order, counts each group from its trophies and keeps a trophy without a head', () => {
    const trophies = [
      { id: 3, groupId: '001', type: 'gold', earned: true },
      { id: 0, groupId: 'default', type: 'platinum', earned: false },
      { id: 2, groupId: 'default', type: 'bronze', earned: true },
      { id: 1, groupId: 'default', type: 'bronze', earned: false },
      { id: 4, groupId: '002', type: 'bronze', earned: true },
      { id: 5, groupId: 'default', type: 'diamond', earned: true },
    ];
    const groups = groupTrophies([head('001'), head('default')], trophies, (id) => ({ id, name: 'The game', iconUrl: '' }));
    expect(groups.map((g) => g.id)).toEqual(['default', '001', '002']);
    const [base, dlc, orphan] = groups;
    expect(base?.trophies.map((t) => t.id)).toEqual([0, 1, 2, 5]);
    // A type Sony may add is listed but counted nowhere; progress weighs points, platinum excluded.
    expect(base).toMatchObject({ defined: { bronze: 2, silver: 0, gold: 0, platinum: 1 }, earned: { bronze: 1, platinum: 0 }, progress: 50 });
    expect(dlc).toMatchObject({ name: 'Group 001', progress: 100 });
    expect(orphan).toMatchObject({ name: 'The game', defined: { bronze: 1 }, earned: { bronze: 1 }, progress: 100 });
    expect(sumCounts(groups)).toEqual({ defined: { bronze: 3, silver: 0, gold: 1, platinum: 1 }, earned: { bronze: 2, silver: 0, gold: 1, platinum: 0 } });
  });
});
