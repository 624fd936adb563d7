import { trophy } from '@trophyroom/contract';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { gameJsonSql } from '../db/game-json.ts';
import { RARITY_TIERS, type RarityTier, tierOf } from './rarity.ts';
import { levelFor, POINTS, pointsOf, pointsSql, progressOf } from './trophy-points.ts';

type ApiTier = NonNullable<z.output<typeof trophy>['tier']>;
// The API's tiers are the PSN client's, spelled the same (a drift fails the typecheck).
const sameTiers: [ApiTier] extends [RarityTier] ? ([RarityTier] extends [ApiTier] ? true : false) : false = true;

describe('the trophy rules, once', () => {
  it('speaks one rarity vocabulary: the PSN client’s, which the API declares too', () => {
    expect(sameTiers).toBe(true);
    expect([...RARITY_TIERS].sort()).toEqual([...trophy.shape.tier.unwrap().options].sort());
    expect([0, 1, 2, 3, 7, null].map(tierOf)).toEqual(['ultraRare', 'veryRare', 'rare', 'common', 'common', null]);
  });

  it('computes points, the level and progress in TypeScript and in SQL from one table of points', () => {
    const counts = { bronze: 21, silver: 8, gold: 5, platinum: 1 };
    expect(pointsOf(counts)).toBe(21 * 15 + 8 * 30 + 5 * 90 + 300);
    expect(pointsSql('earned')).toBe(
      `earned_bronze * ${POINTS.bronze} + earned_silver * ${POINTS.silver} + earned_gold * ${POINTS.gold} + earned_platinum * ${POINTS.platinum}`,
    );
    expect(gameJsonSql.sqlite).toContain(pointsSql('defined'));
    expect(levelFor(0)).toMatchObject({ level: 1, tier: 1 });
    expect(levelFor(60)).toMatchObject({ level: 2 });
    expect(progressOf(counts, { bronze: 21, silver: 8, gold: 4, platinum: 0 })).toBe(91);
  });
});
