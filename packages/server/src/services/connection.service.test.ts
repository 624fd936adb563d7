import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { NpssoMalformedError, NpssoRejectedError } from '@trophyroom/psn';
import { createSimulator } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dialect, type TestStore, dialects, freshStore } from '../../test/stores.ts';
import { type SentJob, recordingQueue } from '../../test/engine-kit.ts';
import { BudgetRepository } from '../repositories/budget.repository.ts';
import { ConnectionsRepository } from '../repositories/connections.repository.ts';
import { SyncRunsRepository } from '../repositories/sync-runs.repository.ts';
import { TitleListRepository } from '../repositories/title-list.repository.ts';
import { UserDataRepository } from '../repositories/user-data.repository.ts';
import { UsersRepository } from '../repositories/users.repository.ts';
import { Vault } from '@trophyroom/vault';
import { openVault } from '../vault/open-vault.ts';
import { ConnectionError, ConnectionService } from './connection.service.ts';
import { SyncRunsService } from './sync-runs.service.ts';
import { noTitleFacts } from '../db/title-facts.ts';

const DAY = 86_400_000;

describe.each(dialects)('PSN connections on %s', (dialect: Dialect) => {
  const sim = createSimulator({ seed: 5, accounts: 30, titles: 8, oldSessionRate: 0.5, clock: Date.parse('2026-11-01T00:00:00Z') });
  let url = '';
  let store: TestStore;
  const key = randomBytes(32);

  beforeAll(async () => {
    url = await sim.listen(0);
    store = await freshStore(dialect);
  });
  afterAll(async () => {
    await store.dispose();
    await sim.close();
  });

  /** What the service queued (the title list after each connect). */
  const sent: SentJob[] = [];

  function service(vault = new Vault([key])) {
    const connections = new ConnectionsRepository(store.db);
    const now = () => sim.clock.now();
    return {
      connections,
      vault,
      svc: new ConnectionService({
        connections,
        userData: new UserDataRepository(store.db),
        budget: new BudgetRepository(store.db, store.dialect),
        vault,
        now,
        psnOptions: { baseUrl: url, clock: sim.clock, retry: { retries: 0 } },
        jobs: recordingQueue(sent)({} as never),
        runs: new SyncRunsService({ runs: new SyncRunsRepository(store.db), now }),
      }),
    };
  }
  const titlesOf = async (userId: string) => (await new TitleListRepository(store.db, store.dialect).titles(userId)).length;

  /** A fresh browser session's NPSSO: tests move the shared clock, and sessions expire after 60 days. */
  const freshNpsso = (index: number) => {
    sim.world.newSession(index);
    return sim.npssoOf(index);
  };
  const oldSession = () => Array.from({ length: 30 }, (_, i) => i).find((i) => sim.world.account(i).sessionAgeDays >= 50) as number;
  const freshSession = () => Array.from({ length: 30 }, (_, i) => i).find((i) => i > 0 && sim.world.account(i).sessionAgeDays < 20) as number;

  it('connects with a pasted NPSSO: online id, account id, a green countdown of what Sony granted, tokens encrypted, the title list queued', async () => {
    const { svc, connections } = service();
    const user = await new UsersRepository(store.db).create('ana', new Date(sim.clock.now()));
    const creds = sim.credentialsOf(0);
    const status = await svc.connect(user.id, `{"npsso":"${creds.npsso}","expires_in":5184000}`);
    expect(status).toMatchObject({
      onlineId: creds.onlineId,
      accountId: creds.accountId,
      state: 'active',
      shortTokenReason: null,
      // Sony grants 5,183,999 s (recorded), a second short of 60 days.
      countdown: { state: 'green', daysLeft: 60 },
    });
    // The title list that fills the picker is queued.
    expect(sent.at(-1)).toMatchObject({ name: 'psn.title-list', payload: { userId: user.id }, options: { singletonKey: `title-list:${user.id}` } });
    const row = await connections.get(user.id);
    expect(row?.refresh_token_enc).toMatch(/^v1\./);
    if (dialect === 'sqlite') {
      // The database file never holds a token in clear.
      const client = await svc.clientFor(user.id);
      const bytes = readFileSync(store.url).toString('latin1') + readFileSync(`${store.url}-wal`).toString('latin1');
      expect(bytes).not.toContain(client.tokens?.refreshToken);
      expect(bytes).not.toContain(client.tokens?.accessToken);
      expect(bytes).not.toContain(creds.npsso);
    }
  });

  it('flags a short token from an old PSN session and explains what to do', async () => {
    const { svc } = service();
    const user = await new UsersRepository(store.db).create('ben', new Date(sim.clock.now()));
    const status = await svc.connect(user.id, sim.credentialsOf(oldSession()).npsso);
    expect(status.countdown.daysLeft).toBeLessThanOrEqual(10);
    expect(status.countdown.state).toBe('amber');
    expect(status.shortTokenReason).toMatch(/old.*Log out of PSN, log back in/);
  });

  it("shows what Sony granted: a 10-day token on a fresh login is flagged with Sony's number, never a promise of 60 days", async () => {
    const { svc } = service();
    const user = await new UsersRepository(store.db).create('bea', new Date(sim.clock.now()));
    const index = freshSession();
    sim.world.setRefreshTokenTtl(index, 863_999);
    const status = await svc.connect(user.id, freshNpsso(index));
    expect(status.countdown).toMatchObject({ state: 'amber', daysLeft: 10 });
    expect(status.shortTokenReason).toMatch(/^Sony granted a 10-day token\./);
    expect(status.shortTokenReason).not.toMatch(/full|~60/);
    sim.world.setRefreshTokenTtl(index, sim.options.refreshTokenTtl);
  });

  it("tells Sony's sign-in outage apart from a dead token: the connection stays active, nothing to reconnect", async () => {
    const { svc, connections } = service();
    const user = await new UsersRepository(store.db).create('bo', new Date(sim.clock.now()));
    await svc.connect(user.id, freshNpsso(freshSession()));
    // Two hours on, the access token needs a refresh while Sony's token endpoint answers 500.
    sim.clock.advance(2 * 3600_000);
    const outage = sim.faults.add({ kind: 'error', route: 'auth.token', status: 500 });
    try {
      const client = await svc.clientFor(user.id);
      const error = await client.trophies.summary().catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'auth_service', status: 500, retryable: true });
      expect((error as Error).message).toMatch(/Sony's sign-in service is failing \(HTTP 500\): an outage on Sony's side/);
      expect(await svc.absorbAuthFailure(user.id, error)).toBe(false);
      expect((await svc.status(user.id))?.state).toBe('active');
    } finally {
      sim.faults.remove(outage.id);
    }
    // Once Sony recovers, the same connection works without a new NPSSO.
    const client = await svc.clientFor(user.id);
    await expect(client.trophies.summary()).resolves.toMatchObject({ accountId: expect.any(String) });
    expect((await connections.get(user.id))?.state).toBe('active');
  });

  it('rejects a malformed NPSSO before calling Sony and a rejected one with its reason, storing nothing', async () => {
    const { svc, connections } = service();
    const user = await new UsersRepository(store.db).create('cy', new Date(sim.clock.now()));
    await expect(svc.connect(user.id, 'not-an-npsso')).rejects.toBeInstanceOf(NpssoMalformedError);
    await expect(svc.connect(user.id, 'A'.repeat(64))).rejects.toBeInstanceOf(NpssoRejectedError);
    expect(await connections.get(user.id)).toBeUndefined();
  });

  it('keeps refreshed tokens encrypted, counts down to red and expired, and stops with a clear status', async () => {
    const { svc, connections } = service();
    const user = await new UsersRepository(store.db).create('dee', new Date(sim.clock.now()));
    await svc.connect(user.id, sim.credentialsOf(freshSession()).npsso);
    const before = await connections.get(user.id);
    sim.clock.advance(2 * 3600_000);
    const client = await svc.clientFor(user.id);
    await client.trophies.summary();
    const after = await connections.get(user.id);
    expect(after?.access_token_enc).not.toBe(before?.access_token_enc);
    expect(after?.refresh_expires_at).toBe(before?.refresh_expires_at);
    const left = Date.parse(after?.refresh_expires_at ?? '') - sim.clock.now();
    sim.clock.advance(left - 1.5 * DAY);
    expect((await svc.status(user.id))?.countdown.state).toBe('red');
    sim.clock.advance(2 * DAY);
    expect((await svc.status(user.id))?.state).toBe('expired');
    await expect(svc.clientFor(user.id)).rejects.toBeInstanceOf(ConnectionError);
    expect((await connections.get(user.id))?.state).toBe('expired');
  });

  it('reconnecting replaces the tokens; disconnect deletes them, and wipes the data when asked', async () => {
    const { svc, connections } = service();
    const users = new UsersRepository(store.db);
    const user = await users.create('eve', new Date(sim.clock.now()));
    await svc.connect(user.id, freshNpsso(freshSession()));
    const first = await connections.get(user.id);
    sim.clock.advance(1000);
    await svc.connect(user.id, freshNpsso(freshSession()));
    expect((await connections.get(user.id))?.refresh_token_enc).not.toBe(first?.refresh_token_enc);
    await store.db
      .insertInto('user_titles')
      .values({
        ...noTitleFacts,
        user_id: user.id,
        np_communication_id: 'NPWR10600_00',
        np_service_name: 'trophy',
        name: 'RESIDENT EVIL 5',
        icon_url: '',
        platform: 'PS4',
        trophy_set_version: '01.40',
        has_trophy_groups: 1,
        picked: 1,
        hidden: 0,
        progress: 50,
        defined_bronze: 53,
        defined_silver: 16,
        defined_gold: 1,
        defined_platinum: 1,
        earned_bronze: 1,
        earned_silver: 0,
        earned_gold: 0,
        earned_platinum: 0,
        last_updated_at: '2017-02-09T22:14:52Z',
        last_played_at: null,
        play_seconds: null,
        earned_synced_at: null,
        definitions_version: null,
        first_seen_at: new Date(sim.clock.now()).toISOString(),
        announced: 1,
      })
      .execute();
    expect(await svc.disconnect(user.id, { wipe: false })).toEqual({ disconnected: true, wiped: false });
    expect(await connections.get(user.id)).toBeUndefined();
    expect(await titlesOf(user.id)).toBe(1);
    await svc.disconnect(user.id, { wipe: true });
    expect(await titlesOf(user.id)).toBe(0);
  });

  it('rotates the vault key: every stored token re-encrypted, still readable with the new key alone', async () => {
    const { svc } = service();
    const user = await new UsersRepository(store.db).create('fay', new Date(sim.clock.now()));
    await svc.connect(user.id, freshNpsso(freshSession()));
    const newKey = randomBytes(32);
    const { connections } = service();
    // The new key first, the old one after it: the start seals every token again.
    const rotating = {
      connections,
      envKey: [newKey, key].map((k) => k.toString('base64')).join(','),
      keyFile: '/nonexistent/vault.key',
      forgetUnreadable: false,
      now: Date.now,
    };
    const { resealed } = await openVault(rotating);
    expect(resealed).toBeGreaterThanOrEqual(1);
    const onlyNew = service(new Vault([newKey]));
    for (const c of await onlyNew.connections.all()) expect(onlyNew.vault.decrypt(c.refresh_token_enc).split('.')).toHaveLength(3);
    expect((await openVault(rotating)).resealed).toBe(0);
  });
});
