import { randomBytes } from 'node:crypto';
import { Vault } from '@trophyroom/vault';
import { type Simulator, createSimulator } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testUser } from '../../test/engine-kit.ts';
import { type Dialect, type TestStore, dialects, freshStore } from '../../test/stores.ts';
import { createEngine } from '../engine.ts';

const DAY = 86_400_000;

// The daily sync reads the title list (newest lastUpdatedDateTime first) only down to the first
// title not updated since the stored list; a weekly walk, or counts that disagree, read it whole.
describe.each(dialects)('the daily sync’s walk of the title list on %s', (dialect: Dialect) => {
  let sim: Simulator;
  let url = '';
  let store: TestStore;
  const vault = new Vault([randomBytes(32)]);
  // What the simulator does after answering a title-list page (a title updated while the walk runs).
  let afterTitlePage: ((offset: number) => void) | undefined;
  const titlePages: number[] = [];

  beforeAll(async () => {
    // 2,000 titles: three pages of 800.
    sim = createSimulator({ seed: 16, accounts: 7, titles: 2000, privateRate: 0 });
    url = await sim.listen(0);
    store = await freshStore(dialect);
  });
  afterAll(async () => {
    await store.dispose();
    await sim.close();
  });

  const fetchThroughSim: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const u = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (u.pathname.endsWith('/trophyTitles') && !u.pathname.includes('/titles/')) {
      const offset = Number(u.searchParams.get('offset') ?? 0);
      titlePages.push(offset);
      afterTitlePage?.(offset);
    }
    return res;
  };

  // As Sony writes it: whole seconds, `Z`.
  const listedAt = (index: number, id: string) => new Date(sim.world.titleState(index, id)?.lastUpdatedMs ?? 0).toISOString().replace(/\.\d{3}Z$/, 'Z');

  async function connected(index: number) {
    let now = Date.now();
    const e = createEngine({ store, vault, psnOptions: { baseUrl: url, fetch: fetchThroughSim }, now: () => now });
    const user = await testUser(store, `walker-${index}`);
    await e.connection.connect(user.id, sim.credentialsOf(index).npsso, { queueTitleList: false });
    await e.picker.refreshTitleList(user.id);
    const ids = () => sim.world.library(index).items.map((i) => i.title.npCommunicationId);
    const unearned = (id: string) => {
      const title = sim.world.titleState(index, id);
      return title?.title.trophies.find((t, i) => !title.earned[i] && t.type !== 'platinum');
    };
    const earnIn = (id: string) => {
      const trophy = unearned(id);
      if (!trophy) throw new Error(`fixture: nothing left to earn in ${id}`);
      sim.world.earnTrophy(index, id, trophy.id);
    };
    const gone = async () => (await e.picker.titles(user.id)).filter((t) => t.psn_gone_at !== null).map((t) => t.np_communication_id);
    const sync = async () => {
      titlePages.length = 0;
      const run = await e.library.sync(user.id);
      return { run, pages: [...titlePages] };
    };
    return { e, user, ids, unearned, earnIn, gone, sync, later: (ms: number) => void (now += ms) };
  }

  it('spends one request on an unchanged library, and marks none of the titles it did not reach as gone', async () => {
    const a = await connected(1);
    const { run, pages } = await a.sync();
    expect(pages).toEqual([0]);
    expect(run.requests).toBe(1);
    expect(run.state).toBe('succeeded');
    expect(await a.gone()).toEqual([]);
    expect(await a.e.picker.titles(a.user.id)).toHaveLength(2000);
  });

  it('spends 1 + C requests for C changed picked titles, wherever they were in the list', async () => {
    const a = await connected(2);
    const changed = [a.ids()[5], a.ids()[1200], a.ids()[1999]] as string[];
    expect((await a.e.library.importTitles(a.user.id, changed)).state).toBe('succeeded');
    sim.clock.advance(60_000);
    for (const id of changed) a.earnIn(id);
    const { run, pages } = await a.sync();
    expect(pages).toEqual([0]);
    expect(run.requests).toBe(1 + changed.length);
    for (const id of changed) {
      const stored = await a.e.picker.title(a.user.id, id);
      expect(stored?.last_updated_at).toBe(listedAt(2, id));
      expect(stored?.earned_synced_at).toBe(stored?.last_updated_at);
    }
    expect(await a.gone()).toEqual([]);
  });

  it('reads ⌈(C′ + 1) / 800⌉ pages when more titles changed than one page holds', async () => {
    const a = await connected(3);
    sim.clock.advance(60_000);
    const changed = a
      .ids()
      .slice(900)
      .filter((id) => a.unearned(id))
      .slice(0, 900);
    expect(changed).toHaveLength(900);
    for (const id of changed) a.earnIn(id);
    const { run, pages } = await a.sync();
    expect(pages).toEqual([0, 800]);
    expect(run.requests).toBe(2);
    const stored = new Map((await a.e.picker.titles(a.user.id)).map((t) => [t.np_communication_id, t.last_updated_at]));
    for (const id of changed) expect(stored.get(id)).toBe(listedAt(3, id));
    expect(await a.gone()).toEqual([]);
  });

  it('walks the whole list when Sony counts fewer titles than stored, and marks only the vanished one gone', async () => {
    const a = await connected(4);
    const vanished = a.ids()[1500] as string;
    sim.world.removeTitle(4, vanished);
    const { pages } = await a.sync();
    expect(pages).toEqual([0, 800, 1600]);
    expect(await a.gone()).toEqual([vanished]);
    // Once caught up, the next day costs one request again.
    expect((await a.sync()).pages).toEqual([0]);
  });

  it('walks the whole list once a week', async () => {
    const a = await connected(5);
    expect((await a.sync()).pages).toEqual([0]);
    a.later(6 * DAY);
    expect((await a.sync()).pages).toEqual([0]);
    a.later(1 * DAY);
    expect((await a.sync()).pages).toEqual([0, 800, 1600]);
    a.later(1 * DAY);
    expect((await a.sync()).pages).toEqual([0]);
  });

  it('a title updated while the walk runs is neither lost nor marked gone: the next sync takes it up', async () => {
    const a = await connected(0);
    const deep = a.ids()[1700] as string;
    const before = (await a.e.picker.title(a.user.id, deep))?.last_updated_at;
    // A weekly walk, and between its first and second page a trophy is earned in a title of its third.
    a.later(8 * DAY);
    sim.clock.advance(60_000);
    afterTitlePage = (offset) => {
      if (offset === 0) a.earnIn(deep);
    };
    try {
      const { pages } = await a.sync();
      expect(pages).toEqual([0, 800, 1600]);
    } finally {
      afterTitlePage = undefined;
    }
    // The title moved to the front behind the walk, so the walk met one title twice and never this one.
    expect(await a.gone()).toEqual([]);
    expect((await a.e.picker.title(a.user.id, deep))?.last_updated_at).toBe(before);
    // The walk could not vouch for the whole list, so the next sync reads it whole again, and finds the title.
    const next = await a.sync();
    expect(next.pages).toEqual([0, 800, 1600]);
    expect((await a.e.picker.title(a.user.id, deep))?.last_updated_at).toBe(listedAt(0, deep));
    expect(await a.gone()).toEqual([]);
    expect((await a.sync()).pages).toEqual([0]);
  });

  it('reads the whole list again page by page (the picker’s refresh): a vanished title is marked gone, a title moved under the walk is not', async () => {
    const a = await connected(6);
    const vanished = a.ids()[1500] as string;
    sim.world.removeTitle(6, vanished);
    titlePages.length = 0;
    const refreshed = await a.e.picker.refreshTitleList(a.user.id);
    expect(titlePages).toEqual([0, 800, 1600]);
    expect(refreshed.titles).toBe(1999);
    expect(await a.gone()).toEqual([vanished]);
    // A title updated between pages is met twice and another never: the count disagrees, so nothing more is marked gone.
    const deep = a.ids()[1700] as string;
    sim.clock.advance(60_000);
    afterTitlePage = (offset) => {
      if (offset === 0) a.earnIn(deep);
    };
    try {
      await a.e.picker.refreshTitleList(a.user.id);
    } finally {
      afterTitlePage = undefined;
    }
    expect(await a.gone()).toEqual([vanished]);
    expect(await a.e.picker.titles(a.user.id)).toHaveLength(2000);
  });
});
