import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, freshStore, type TestStore } from '../../test/stores.ts';
import { LibraryRepository } from './library.repository.ts';
import { type TitleListFields, TitleListRepository } from './title-list.repository.ts';
import { UsersRepository } from './users.repository.ts';

const listed = (id: string, earned: number, updated: string): TitleListFields => ({
  np_communication_id: id,
  np_service_name: 'trophy2',
  name: `Game ${id}`,
  icon_url: 'https://image.example/i.png',
  platform: 'PS5',
  trophy_set_version: '01.00',
  has_trophy_groups: 0,
  hidden: 0,
  progress: earned * 10,
  defined_bronze: 10,
  defined_silver: 0,
  defined_gold: 0,
  defined_platinum: 0,
  earned_bronze: earned,
  earned_silver: 0,
  earned_gold: 0,
  earned_platinum: 0,
  last_updated_at: updated,
});

const earnedState = (earned: number[]) => ({
  trophySetVersion: '01.00',
  hasTrophyGroups: false,
  lastUpdatedDateTime: '',
  trophies: [1, 2, 3].map((id) => ({
    trophyId: id,
    trophyHidden: false,
    earned: earned.includes(id),
    earnedDateTime: earned.includes(id) ? `2026-10-0${id}T00:00:00Z` : undefined,
    trophyType: 'bronze' as const,
    trophyRare: 3,
    trophyEarnedRate: 50,
  })),
});

describe.each(dialects)('what Sony once said is kept (%s)', (dialect) => {
  let store: TestStore;
  let userId: string;
  let titles: TitleListRepository;
  let library: LibraryRepository;
  beforeAll(async () => {
    store = await freshStore(dialect);
    userId = (await new UsersRepository(store.db).create('hist', new Date())).id;
    titles = new TitleListRepository(store.db, dialect);
    library = new LibraryRepository(store.db, dialect);
  });
  afterAll(() => store.dispose());

  const read = (id: string) =>
    store.db.selectFrom('user_titles').selectAll().where('user_id', '=', userId).where('np_communication_id', '=', id).executeTakeFirstOrThrow();

  it('marks a title gone from a complete list instead of dropping it, keeps higher counts when Sony’s drop, and clears the mark when it is back', async () => {
    await titles.saveTitleRows(
      userId,
      [listed('NPWR00001_00', 5, '2026-10-01T00:00:00Z'), listed('NPWR00002_00', 2, '2026-10-01T00:00:00Z')],
      '2026-10-01T00:00:00Z',
      {
        announced: true,
      },
    );
    // The next list lacks the second title, and says fewer trophies of the first.
    await titles.saveTitleRows(userId, [listed('NPWR00001_00', 3, '2026-10-05T00:00:00Z')], '2026-10-05T00:00:00Z', { announced: true });
    await titles.markGone(userId, new Set(['NPWR00001_00']), '2026-10-05T00:00:00Z');
    const gone = await read('NPWR00002_00');
    expect(gone).toMatchObject({ psn_gone_at: '2026-10-05T00:00:00Z', earned_bronze: 2 });
    expect(JSON.parse(gone.view_json as string)).toMatchObject({ goneFromPsnAt: '2026-10-05T00:00:00Z', countsDroppedAt: null });
    const dropped = await read('NPWR00001_00');
    expect(dropped).toMatchObject({ earned_bronze: 5, progress: 50, psn_counts_dropped_at: '2026-10-05T00:00:00Z', last_updated_at: '2026-10-05T00:00:00Z' });
    expect(JSON.parse(dropped.view_json as string)).toMatchObject({ countsDroppedAt: '2026-10-05T00:00:00Z', earned: { bronze: 5 } });
    // A partial list (a sync that stopped early) says nothing of the titles it did not reach.
    await titles.saveTitleRows(userId, [], '2026-10-06T00:00:00Z', { announced: true });
    expect((await read('NPWR00001_00')).psn_gone_at).toBeNull();
    // Listed again: no longer gone; the drop stays on record.
    await titles.saveTitleRows(
      userId,
      [listed('NPWR00001_00', 3, '2026-10-05T00:00:00Z'), listed('NPWR00002_00', 2, '2026-10-01T00:00:00Z')],
      '2026-10-07T00:00:00Z',
      {
        announced: true,
      },
    );
    expect((await read('NPWR00002_00')).psn_gone_at).toBeNull();
    expect((await read('NPWR00001_00')).psn_counts_dropped_at).toBe('2026-10-05T00:00:00Z');
  });

  it('keeps a trophy Sony stops reporting as earned, with its date, and marks when it stopped; reports only trophies that turned earned', async () => {
    const id = 'NPWR00001_00';
    const first = await library.saveTitle(userId, id, { earned: earnedState([1, 2]), syncedAt: 'a', definitionsVersion: '01.00' });
    // A first save (an import) announces nothing.
    expect(first.newlyEarned).toEqual([]);
    const second = await library.saveTitle(userId, id, { earned: earnedState([1, 3]), syncedAt: 'b', definitionsVersion: '01.00', at: '2026-10-08T00:00:00Z' });
    expect(second.newlyEarned.map((t) => t.trophyId)).toEqual([3]);
    const rows = await library.earned(userId, id);
    expect(rows.map((r) => [r.trophy_id, r.earned, r.earned_at, r.psn_withdrawn_at])).toEqual([
      [1, 1, '2026-10-01T00:00:00Z', null],
      [2, 1, '2026-10-02T00:00:00Z', '2026-10-08T00:00:00Z'],
      [3, 1, '2026-10-03T00:00:00Z', null],
    ]);
    // Sony lists it earned again: the mark goes, and it is not "newly earned".
    const third = await library.saveTitle(userId, id, { earned: earnedState([1, 2, 3]), syncedAt: 'c', definitionsVersion: '01.00' });
    expect(third.newlyEarned).toEqual([]);
    expect((await library.earned(userId, id)).every((r) => r.psn_withdrawn_at === null)).toBe(true);
  });
});
