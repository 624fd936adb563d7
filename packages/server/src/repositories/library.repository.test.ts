import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, freshStore, type TestStore } from '../../test/stores.ts';
import type { UserTitlesTable } from '../db/schema.ts';
import { gameView } from '../services/game-view.ts';
import { LibraryRepository, TitleGoneError } from './library.repository.ts';
import { TitleListRepository } from './title-list.repository.ts';
import { UsersRepository } from './users.repository.ts';

function title(i: number, userId: string): UserTitlesTable {
  return {
    user_id: userId,
    set_key: null,
    stack_key: null,
    np_communication_id: `NPWR${String(10000 + i)}_00`,
    np_service_name: i % 2 ? 'trophy' : 'trophy2',
    name: i % 5 === 0 ? `Zed "quoted" ✓ ${i}` : `game ${String(i).padStart(2, '0')}`,
    icon_url: `https://image.example/${i}.png`,
    platform: ['PS5', 'PS4', 'PS4,PSVITA', 'PS3', 'PS5,PSPC'][i % 5] as string,
    trophy_set_version: '01.00',
    has_trophy_groups: 0,
    picked: i % 7 === 3 ? 0 : 1,
    hidden: 0,
    progress: (i * 13) % 101,
    defined_bronze: 20 + i,
    defined_silver: 5,
    defined_gold: 2,
    defined_platinum: i % 3 ? 1 : 0,
    earned_bronze: i,
    earned_silver: i % 5,
    earned_gold: i % 2,
    earned_platinum: i % 6 === 1 ? 1 : 0,
    last_updated_at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
    last_played_at: i % 4 === 0 ? null : new Date(Date.UTC(2026, 5, 40 - i)).toISOString(),
    play_seconds: i % 4 === 0 ? null : 3600 * i,
    earned_synced_at: i % 9 === 0 ? null : '2026-11-01T00:00:00.000Z',
    definitions_version: '01.00',
    first_seen_at: '2026-01-01T00:00:00.000Z',
    announced: 1,
    view_json: null,
    psn_gone_at: null,
    psn_counts_dropped_at: null,
    first_earned_at: null,
    platinum_earned_at: null,
    base_missing: null,
    dlc_missing: null,
    dlc_groups: 0,
    unobtainable: 0,
    unobtainable_points: 0,
  };
}

describe.each(dialects)('library pages built by the database (%s)', (dialect) => {
  let store: TestStore;
  let userId: string;
  let rows: UserTitlesTable[];
  let library: LibraryRepository;
  beforeAll(async () => {
    store = await freshStore(dialect);
    userId = (await new UsersRepository(store.db).create('pat', new Date())).id;
    rows = Array.from({ length: 40 }, (_, i) => title(i, userId));
    await store.db.insertInto('user_titles').values(rows).execute();
    library = new LibraryRepository(store.db, store.dialect);
  });
  afterAll(() => store.dispose());

  const all = async (query: string) => {
    const params = new URLSearchParams(query);
    const items: ReturnType<typeof gameView>[] = [];
    let cursor: string | undefined;
    do {
      const page = await library.page(userId, {
        limit: 6,
        sort: (params.get('sort') ?? 'last-played') as 'name',
        order: (params.get('order') ?? undefined) as 'asc' | undefined,
        status: (params.get('status') ?? undefined) as 'platinum' | undefined,
        platform: params.get('platform') ?? undefined,
        q: params.get('q') ?? undefined,
        cursor,
      });
      items.push(...JSON.parse(page.itemsJson));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return items;
  };

  it('keeps each title’s game JSON ready when the library writes it', async () => {
    const titleList = new TitleListRepository(store.db, store.dialect);
    const row = rows[1] as UserTitlesTable;
    await titleList.savePlayTimes(userId, [
      { npCommunicationId: row.np_communication_id, lastPlayedAt: row.last_played_at as string, playSeconds: row.play_seconds as number },
    ]);
    const stored = await store.db
      .selectFrom('user_titles')
      .select('view_json')
      .where('np_communication_id', '=', row.np_communication_id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.view_json as string)).toEqual(gameView(row));
  });

  it('writes only new and changed titles of a title list, keeping their game JSON in step', async () => {
    const titleList = new TitleListRepository(store.db, store.dialect);
    const {
      user_id: _u,
      picked: _p,
      earned_synced_at: _e,
      definitions_version: _d,
      first_seen_at: _f,
      last_played_at: _l,
      play_seconds: _s,
      announced: _a,
      view_json: _v,
      ...fields
    } = rows[2] as UserTitlesTable;
    const changed = { ...fields, progress: fields.progress + 1, earned_bronze: fields.earned_bronze + 1, last_updated_at: '2026-11-20T00:00:00Z' };
    const fresh = { ...fields, np_communication_id: 'NPWR19999_00', name: 'Brand New' };
    const unchanged = (({
      user_id: _x,
      picked: _y,
      earned_synced_at: _z,
      definitions_version: _w,
      first_seen_at: _q,
      last_played_at: _r,
      play_seconds: _t,
      announced: _b,
      view_json: _c,
      ...rest
    }) => rest)(rows[3] as UserTitlesTable);
    const before = await store.db
      .selectFrom('user_titles')
      .selectAll()
      .where('np_communication_id', '=', unchanged.np_communication_id)
      .executeTakeFirstOrThrow();
    const added = await titleList.saveTitleRows(userId, [changed, fresh, unchanged], '2026-11-20T00:00:00Z', { announced: false });
    expect(added).toEqual(['NPWR19999_00']);
    const read = (id: string) => store.db.selectFrom('user_titles').selectAll().where('np_communication_id', '=', id).executeTakeFirstOrThrow();
    const after = await read(changed.np_communication_id);
    expect(after).toMatchObject({ progress: changed.progress, earned_bronze: changed.earned_bronze, picked: 1 });
    expect(JSON.parse(after.view_json as string)).toEqual(gameView(after));
    expect(JSON.parse((await read('NPWR19999_00')).view_json as string).name).toBe('Brand New');
    // The unchanged title is not rewritten: its (missing) ready JSON stays as it was.
    expect(await read(unchanged.np_communication_id)).toEqual(before);
    expect(await titleList.saveTitleRows(userId, [changed, fresh, unchanged], '2026-11-21T00:00:00Z', { announced: false })).toEqual([]);
    await store.db.deleteFrom('user_titles').where('np_communication_id', '=', 'NPWR19999_00').execute();
    await store.db
      .updateTable('user_titles')
      .set(rows[2] as UserTitlesTable)
      .where('np_communication_id', '=', changed.np_communication_id)
      .execute();
  });

  it('saves a title whole or not at all: definitions and earned trophies in one transaction', async () => {
    const trophies = {
      trophySetVersion: '01.00',
      hasTrophyGroups: false,
      trophies: [
        {
          trophyId: 0,
          trophyHidden: false,
          trophyType: 'bronze' as const,
          trophyName: 'First',
          trophyDetail: 'd',
          trophyIconUrl: 'i',
          trophyGroupId: 'default',
        },
      ],
    };
    const earned = {
      trophies: [
        {
          trophyId: 0,
          trophyHidden: false,
          earned: true,
          earnedDateTime: '2026-01-02T00:00:00Z',
          trophyType: 'bronze' as const,
          trophyRare: 3,
          trophyEarnedRate: 80,
        },
      ],
      rarestTrophies: [],
      lastUpdatedDateTime: '2026-01-02T00:00:00Z',
      trophySetVersion: '01.00',
      hasTrophyGroups: false,
    };
    const save = (id: string) => ({
      definitions: {
        npCommunicationId: id,
        npServiceName: 'trophy2',
        language: 'en-US',
        listed: { name: 'x', iconUrl: 'i', platform: 'PS5' },
        trophies: { ...trophies, totalItemCount: 1 },
        fetchedAt: '2026-01-02T00:00:00Z',
      },
      earned: earned as never,
      syncedAt: '2026-01-02T00:00:00Z',
      definitionsVersion: '01.00',
    });
    const definitionsOf = (id: string) => store.db.selectFrom('trophy_definitions').select('trophy_id').where('np_communication_id', '=', id).execute();
    // Not in the user's library (wiped meanwhile): neither the definitions nor the trophies are written.
    await expect(library.saveTitle(userId, 'NPWR99999_00', save('NPWR99999_00'))).rejects.toBeInstanceOf(TitleGoneError);
    expect(await definitionsOf('NPWR99999_00')).toEqual([]);
    // In another user's library: both are written.
    const other = (await new UsersRepository(store.db).create('sam', new Date())).id;
    const row = { ...title(4, other), np_communication_id: 'NPWR99998_00' };
    await store.db.insertInto('user_titles').values(row).execute();
    await library.saveTitle(other, row.np_communication_id, save(row.np_communication_id));
    expect(await definitionsOf(row.np_communication_id)).toHaveLength(1);
    expect(await library.earned(other, row.np_communication_id)).toMatchObject([{ trophy_id: 0, earned: 1, rarity: 3 }]);
  });

  it('gives exactly what gameView gives for each row, in order, across pages', async () => {
    const picked = rows.filter((r) => r.picked === 1) as Parameters<typeof gameView>[0][];
    const activity = (r: Pick<UserTitlesTable, 'last_played_at' | 'last_updated_at'>) => r.last_played_at ?? r.last_updated_at;
    const expected = [...picked]
      .sort((a, b) => activity(b).localeCompare(activity(a)) || b.np_communication_id.localeCompare(a.np_communication_id))
      .map(gameView);
    expect(await all('')).toEqual(expected);
  });

  it('sorts by name, progress and points, and filters by platform, status and name', async () => {
    const byName = await all('sort=name');
    expect(byName.map((g) => g.name.toLowerCase())).toEqual(byName.map((g) => g.name.toLowerCase()).sort());
    const byPoints = (await all('sort=points')).map((g) => g.points.earned);
    expect(byPoints).toEqual([...byPoints].sort((a, b) => b - a));
    const progressAsc = (await all('sort=progress&order=asc')).map((g) => g.progress);
    expect(progressAsc).toEqual([...progressAsc].sort((a, b) => a - b));
    expect((await all('platform=PSVITA')).every((g) => g.platforms.includes('PSVITA'))).toBe(true);
    expect((await all('platform=PS4')).length).toBe(rows.filter((r) => r.picked && r.platform.split(',').includes('PS4')).length);
    expect((await all('status=platinum')).every((g) => g.platinumEarned)).toBe(true);
    expect((await all('q=QUOTED')).map((g) => g.name)).toEqual(expect.arrayContaining(['Zed "quoted" ✓ 5']));
    expect(await all('q=%25')).toEqual([]);
    expect(await all('q=_')).toEqual([]);
    expect((await all('q=game%200')).length).toBeGreaterThan(0);
  });
});
