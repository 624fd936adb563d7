import type { TrophyTitle } from '@trophyroom/psn';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/cli-error.ts';
import { pickTitle } from './find-title.ts';

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
