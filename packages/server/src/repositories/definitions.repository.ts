/**
 * Trophy definitions shared by every user of the instance, one set per title, language and
 * `trophySetVersion`: fetched once, reused by everyone who imports the title. Writes are upserts,
 * so two imports of the same title at once never collide.
 * @module
 */
import type { TitleGroups, TitleTrophies } from '@trophyroom/psn';
import type { Kysely } from 'kysely';
import { inTransaction } from '../db/in-transaction.ts';
import type { Database, TitleGroupsTable, TitlesTable, TrophyDefinitionsTable } from '../db/schema.ts';

/** A title's definitions as Sony sends them, with what the title list says of it. */
export interface TitleDefinitions {
  npCommunicationId: string;
  npServiceName: string;
  language: string;
  /** The title list's name, icon and platforms: a title without DLC groups has no groups answer to take them from. */
  listed: { name: string; iconUrl: string; platform: string };
  trophies: TitleTrophies;
  /** The groups answer, fetched only for titles with DLC groups. */
  groups?: TitleGroups | undefined;
  fetchedAt: string;
}

/** The rows of a title's definitions: the title, its groups (`default` alone without DLC), its trophies. */
export function definitionRows(d: TitleDefinitions): { title: TitlesTable; groups: TitleGroupsTable[]; trophies: TrophyDefinitionsTable[] } {
  const { npCommunicationId: id, language, trophies, groups, listed } = d;
  const count = (type: string, group?: string) => trophies.trophies.filter((t) => t.trophyType === type && (!group || t.trophyGroupId === group)).length;
  const counts = (group?: string) => ({
    defined_bronze: count('bronze', group),
    defined_silver: count('silver', group),
    defined_gold: count('gold', group),
    defined_platinum: count('platinum', group),
  });
  const groupList = groups?.trophyGroups ?? [
    { trophyGroupId: 'default', trophyGroupName: listed.name, trophyGroupDetail: undefined, trophyGroupIconUrl: listed.iconUrl },
  ];
  return {
    title: {
      np_communication_id: id,
      language,
      trophy_set_version: trophies.trophySetVersion,
      np_service_name: d.npServiceName,
      name: groups?.trophyTitleName ?? listed.name,
      detail: groups?.trophyTitleDetail ?? null,
      icon_url: groups?.trophyTitleIconUrl ?? listed.iconUrl,
      platform: groups?.trophyTitlePlatform ?? listed.platform,
      has_trophy_groups: trophies.hasTrophyGroups ? 1 : 0,
      ...counts(),
      fetched_at: d.fetchedAt,
    },
    groups: groupList.map((g) => ({
      np_communication_id: id,
      language,
      group_id: g.trophyGroupId,
      name: g.trophyGroupName,
      detail: g.trophyGroupDetail ?? null,
      icon_url: g.trophyGroupIconUrl,
      ...counts(g.trophyGroupId),
    })),
    trophies: trophies.trophies.map((t) => ({
      np_communication_id: id,
      language,
      trophy_id: t.trophyId,
      group_id: t.trophyGroupId,
      type: t.trophyType,
      hidden: t.trophyHidden ? 1 : 0,
      name: t.trophyName,
      detail: t.trophyDetail,
      icon_url: t.trophyIconUrl,
      progress_target: t.trophyProgressTargetValue ?? null,
      reward_name: t.trophyRewardName ?? null,
      reward_image_url: t.trophyRewardImageUrl ?? null,
    })),
  };
}

export class DefinitionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The stored version of a title's definitions in a language, if any. */
  /** The stored versions of many titles in `language` (absent: none stored), 500 ids a query. */
  async versions(ids: readonly string[], language: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('titles')
        .select(['np_communication_id', 'trophy_set_version'])
        .where('np_communication_id', 'in', ids.slice(i, i + 500))
        .where('language', '=', language)
        .execute();
      for (const r of rows) out.set(r.np_communication_id, r.trophy_set_version);
    }
    return out;
  }

  async version(npCommunicationId: string, language: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('titles')
      .select('trophy_set_version')
      .where('np_communication_id', '=', npCommunicationId)
      .where('language', '=', language)
      .executeTakeFirst();
    return row?.trophy_set_version;
  }

  /** Replaces a title's definitions in one transaction (or in the one this repository is built on). */
  async save(definitions: TitleDefinitions): Promise<void> {
    const { title, groups, trophies } = definitionRows(definitions);
    const id = title.np_communication_id;
    const language = title.language;
    await inTransaction(this.db, async (trx) => {
      await trx
        .insertInto('titles')
        .values(title)
        .onConflict((oc) => oc.columns(['np_communication_id', 'language']).doUpdateSet(title))
        .execute();
      for (const group of groups) {
        await trx
          .insertInto('title_groups')
          .values(group)
          .onConflict((oc) => oc.columns(['np_communication_id', 'language', 'group_id']).doUpdateSet(group))
          .execute();
      }
      for (let i = 0; i < trophies.length; i += 200) {
        await trx
          .insertInto('trophy_definitions')
          .values(trophies.slice(i, i + 200))
          .onConflict((oc) =>
            oc.columns(['np_communication_id', 'language', 'trophy_id']).doUpdateSet((eb) => ({
              group_id: eb.ref('excluded.group_id'),
              type: eb.ref('excluded.type'),
              hidden: eb.ref('excluded.hidden'),
              name: eb.ref('excluded.name'),
              detail: eb.ref('excluded.detail'),
              icon_url: eb.ref('excluded.icon_url'),
              progress_target: eb.ref('excluded.progress_target'),
              reward_name: eb.ref('excluded.reward_name'),
              reward_image_url: eb.ref('excluded.reward_image_url'),
            })),
          )
          .execute();
      }
      // What the new version no longer has goes.
      let oldTrophies = trx.deleteFrom('trophy_definitions').where('np_communication_id', '=', id).where('language', '=', language);
      if (trophies.length)
        oldTrophies = oldTrophies.where(
          'trophy_id',
          'not in',
          trophies.map((t) => t.trophy_id),
        );
      await oldTrophies.execute();
      let oldGroups = trx.deleteFrom('title_groups').where('np_communication_id', '=', id).where('language', '=', language);
      if (groups.length)
        oldGroups = oldGroups.where(
          'group_id',
          'not in',
          groups.map((g) => g.group_id),
        );
      await oldGroups.execute();
    });
  }
}
