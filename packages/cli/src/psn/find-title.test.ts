import type { TrophyTitle } from '@trophyroom/psn';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/cli-error.ts';
import { pickTitle, pickTitleOfEither } from './find-title.ts';

const title = (npCommunicationId: string, trophyTitleName: string) => ({ npCommunicationId, trophyTitleName, trophyTitlePlatform: 'PS4' }) as TrophyTitle;
const list = [
  title('NPWR10600_00', 'RESIDENT EVIL 5'),
  title('NPWR19418_00', 'Fall Guys'),
  title('NPWR00001_00', 'Fall Guys 2'),
  title('NPWR12476_00', 'Crash Bandicoot'),
];

describe('pickTitle', () => {
  it('finds by id, exact name or a unique part, ignoring case', () => {
    expect(pickTitle(list, 'npwr10600_00').trophyTitleName).toBe('RESIDENT EVIL 5');
    expect(pickTitle(list, 'fall guys').npCommunicationId).toBe('NPWR19418_00');
    expect(pickTitle(list, 'bandi').npCommunicationId).toBe('NPWR12476_00');
  });
  it('explains an unknown id, no match, and several matches', () => {
    expect(() => pickTitle(list, 'NPWR99999_00')).toThrow(/No title NPWR99999_00/);
    expect(() => pickTitle(list, 'zelda')).toThrow(UsageError);
    expect(() => pickTitle(list, 'fall')).toThrow(/matches 2 titles: Fall Guys \(NPWR19418_00, PS4\); Fall Guys 2/);
  });
});

describe('pickTitleOfEither (compare)', () => {
  const theirs = [title('NPWR20000_00', 'Fall Guys 3'), title('NPWR30000_00', 'Zelda'), title('NPWR30001_00', 'Zelda II')];
  it("looks among the other player's titles only when none of yours matches", () => {
    expect(pickTitleOfEither(list, theirs, 'fall guys', 'Hakoom').npCommunicationId).toBe('NPWR19418_00');
    expect(pickTitleOfEither(list, theirs, 'NPWR20000_00', 'Hakoom').trophyTitleName).toBe('Fall Guys 3');
    expect(pickTitleOfEither(list, theirs, 'zelda', 'Hakoom').npCommunicationId).toBe('NPWR30000_00');
    expect(() => pickTitleOfEither(list, theirs, 'nothing', 'Hakoom')).toThrow(/No title matching "nothing" in your or Hakoom's trophy list/);
    expect(() => pickTitleOfEither(list, theirs, 'zeld', 'Hakoom')).toThrow(/matches 2 titles: Zelda/);
  });
  it('an ambiguous name among yours is an error, not a search of theirs', () => {
    expect(() => pickTitleOfEither(list, [title('NPWR20000_00', 'Fall Guys Ultimate')], 'fall', 'Hakoom')).toThrow(/"fall" matches 2 titles: Fall Guys/);
  });
});
