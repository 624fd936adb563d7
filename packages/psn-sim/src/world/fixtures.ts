/**
 * The recorded examples of seed `002_*` (RESIDENT EVIL 5 with its VERSUS group, Fall Guys,
 * Project CARS 3, Crash Bandicoot), reproduced with the counts, names, rates, dates and icons
 * shown there, and owned by the world's first account with the earned counts shown there.
 * @module
 */
import { Rng, hashString, mix } from '../prng.ts';
import type { GroupDef, TitleDef, TrophyDef } from './title.ts';
import type { TrophyCounts, TrophyType } from './trophy-math.ts';

const ICON = 'http://trophy01.np.community.playstation.net/trophy/np';
const RE5_ICON_DIR = `${ICON}/NPWR10600_00_00A0CF3468337FB7E2039182A26608B0545DE39292`;

interface GroupSpec {
  id: string;
  name?: string;
  detail?: string;
  iconUrl?: string;
  counts: TrophyCounts;
}

interface FixtureSpec {
  npCommunicationId: string;
  name: string;
  detail: string;
  iconUrl: string;
  version: string;
  npTitleId: string;
  groups: GroupSpec[];
  /** Recorded trophies, by id. */
  trophies?: Record<number, Partial<TrophyDef>>;
}

const specs: FixtureSpec[] = [
  {
    npCommunicationId: 'NPWR10600_00',
    name: 'RESIDENT EVIL 5',
    detail: 'RESIDENT EVIL 5 Trophy Set',
    iconUrl: `${RE5_ICON_DIR}/95966F7035A755FA103F5D2BDA2FB6B4D156FBAB.PNG`,
    version: '01.40',
    npTitleId: 'CUSA04437_00',
    groups: [
      { id: 'default', counts: { bronze: 38, silver: 11, gold: 1, platinum: 1 } },
      {
        id: '001',
        name: 'VERSUS',
        detail: 'VERSUS',
        iconUrl: `${RE5_ICON_DIR}/F764EF2027D18419DD67DF5BACE84C1D22131284.PNG`,
        counts: { bronze: 7, silver: 3, gold: 0, platinum: 0 },
      },
      { id: '002', name: 'LOST IN NIGHTMARES', detail: 'LOST IN NIGHTMARES', counts: { bronze: 4, silver: 1, gold: 0, platinum: 0 } },
      { id: '003', name: 'DESPERATE ESCAPE', detail: 'DESPERATE ESCAPE', counts: { bronze: 4, silver: 1, gold: 0, platinum: 0 } },
    ],
    trophies: {
      0: {
        name: 'RESIDENT EVIL 5 Platinum Trophy',
        detail: "Congratulations! You've overcome all your fears in RESIDENT EVIL 5!",
        iconUrl: `${RE5_ICON_DIR}/2B4F7ECA102EDB19D18DA17C594DBC50348ECEAF.PNG`,
        rate: 38,
      },
      1: {
        name: 'Completed Chapter 1 - 1',
        detail: 'Complete Chapter 1 - 1 on any difficulty setting.',
        iconUrl: `${RE5_ICON_DIR}/24F634A451DF4421BDD3B8A15E28200B1264AF37.PNG`,
        rate: 684,
      },
      51: { name: 'Army of One', detail: 'Win 15 matches in Slayers.', iconUrl: `${RE5_ICON_DIR}/EFA7E305976039447626AB946180DDF9F4848F62.PNG`, rate: 4 },
      52: {
        name: 'Eye of the Tiger',
        detail: 'Win 15 matches in Survivors.',
        iconUrl: `${RE5_ICON_DIR}/4FB7FE53EC1C4D6422BF5AAEB3D679048CC245D7.PNG`,
        rate: 4,
      },
    },
  },
  {
    npCommunicationId: 'NPWR19418_00',
    name: 'Fall Guys',
    detail: 'Fall Guys',
    iconUrl: `${ICON}/NPWR19418_00_00DD64BDB8FDDEC62DE6E561F32D6232100339A04A/4E1DE7EDED859551704FF395BA37CADEB296E48D.PNG`,
    version: '01.06',
    npTitleId: 'CUSA20283_00',
    groups: [{ id: 'default', counts: { bronze: 21, silver: 8, gold: 5, platinum: 1 } }],
  },
  {
    npCommunicationId: 'NPWR18347_00',
    name: 'Project CARS 3',
    detail: 'Trophy Collection for Project CARS 3',
    iconUrl: `${ICON}/NPWR18347_00_00F1EBC5CD722A3D409BF05D0769A846C26EA5BA5C/21DEC3F7CE3E1E8DDF49D0C23856AD997F16D05B.PNG`,
    version: '01.00',
    npTitleId: 'CUSA19665_00',
    groups: [{ id: 'default', counts: { bronze: 14, silver: 19, gold: 3, platinum: 1 } }],
  },
  {
    npCommunicationId: 'NPWR12476_00',
    name: 'Crash Bandicoot',
    detail: 'Crash Bandicoot',
    iconUrl: `${ICON}/NPWR12476_00_00E1AF50FB3CB9DF4438C2BCF096EDB614FA7511DB/F787409C58420CD25FC87DD5EE5B34BFBDA7835A.PNG`,
    version: '01.10',
    npTitleId: 'CUSA07402_00',
    groups: [
      { id: 'default', counts: { bronze: 6, silver: 6, gold: 6, platinum: 1 } },
      { id: '001', name: 'N. Sane Extras', detail: 'N. Sane Extras', counts: { bronze: 2, silver: 2, gold: 2, platinum: 0 } },
    ],
  },
];

const order: TrophyType[] = ['platinum', 'bronze', 'silver', 'gold'];

function build(spec: FixtureSpec): TitleDef {
  const key = hashString(spec.npCommunicationId);
  const rng = new Rng(key, 5);
  const trophies: TrophyDef[] = [];
  const groups: GroupDef[] = [];
  let id = 0;
  let topRate = 1;
  for (const group of spec.groups) {
    groups.push({ id: group.id, dlc: group.id === 'default' ? -1 : 0, name: group.name, detail: group.detail, iconUrl: group.iconUrl });
    for (const type of order) {
      for (let n = 0; n < group.counts[type]; n++) {
        const base = group.id === 'default' ? 900 : 120;
        const trophy: TrophyDef = { id, groupId: group.id, type, hidden: false, rate: Math.max(1, Math.round(base * rng.next() ** 1.2)), words: mix(key, id) };
        Object.assign(trophy, spec.trophies?.[id]);
        trophies.push(trophy);
        id += 1;
      }
    }
  }
  // Keep the recorded platinum the rarest of its base set, as Sony's numbers imply.
  const platinum = trophies.find((t) => t.type === 'platinum');
  for (const t of trophies) {
    if (t.groupId === 'default' && t.type !== 'platinum') {
      if (platinum && t.rate < platinum.rate) t.rate = platinum.rate + 1;
      topRate = Math.max(topRate, t.rate);
    }
  }
  return {
    npCommunicationId: spec.npCommunicationId,
    index: -1,
    service: 'trophy',
    platform: 'PS4',
    name: spec.name,
    detail: spec.detail,
    iconUrl: spec.iconUrl,
    version: spec.version,
    groups,
    trophies,
    topRate,
    npTitleIds: [spec.npTitleId],
    conceptId: 200_000 + (key % 100_000),
    inGameList: true,
    iconKey: key,
  };
}

/** The recorded example titles. */
export function fixtureTitles(): TitleDef[] {
  return specs.map(build);
}

export interface FixtureEarning {
  npCommunicationId: string;
  lastUpdated: string;
  /** Earned counts per group; trophies are earned in id order within each type. */
  earned: Record<string, TrophyCounts>;
  /** Recorded earned dates, by trophy id. */
  dates?: Record<number, string>;
}

/** What the first account earned in the recorded examples (the `fromUser` objects of seed 002). */
export const fixtureEarnings: FixtureEarning[] = [
  {
    npCommunicationId: 'NPWR10600_00',
    lastUpdated: '2017-02-09T22:14:52Z',
    earned: { default: { bronze: 38, silver: 11, gold: 1, platinum: 1 } },
    dates: { 0: '2017-02-09T22:12:14Z', 1: '2016-06-29T18:50:35Z' },
  },
  { npCommunicationId: 'NPWR19418_00', lastUpdated: '2020-09-05T11:50:53Z', earned: { default: { bronze: 21, silver: 8, gold: 4, platinum: 0 } } },
  { npCommunicationId: 'NPWR18347_00', lastUpdated: '2020-09-04T10:30:19Z', earned: { default: { bronze: 9, silver: 8, gold: 1, platinum: 0 } } },
  {
    npCommunicationId: 'NPWR12476_00',
    lastUpdated: '2017-07-09T15:16:12Z',
    earned: { default: { bronze: 6, silver: 6, gold: 5, platinum: 0 }, '001': { bronze: 1, silver: 0, gold: 0, platinum: 0 } },
  },
];
