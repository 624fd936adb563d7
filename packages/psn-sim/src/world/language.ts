/**
 * The languages the simulator answers in, chosen from `Accept-Language` (current hosts) or
 * `npLanguage` (legacy host). Word lists are aligned by index so a trophy keeps the same meaning
 * in every language.
 * @module
 */

export type Language = 'en' | 'de';

/** Picks the first supported language of an `Accept-Language` or `npLanguage` value; English otherwise. */
export function pickLanguage(header: string | null | undefined): Language {
  if (!header) return 'en';
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('de')) return 'de';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

interface Words {
  adjectives: readonly string[];
  nouns: readonly string[];
  verbs: readonly string[];
  details: readonly string[];
  dlc: readonly string[];
  platinum: (title: string) => string;
  platinumDetail: (title: string) => string;
  trophySet: (title: string) => string;
  rewards: readonly string[];
}

const en: Words = {
  adjectives: [
    'Crimson',
    'Silent',
    'Iron',
    'Golden',
    'Hidden',
    'Broken',
    'Eternal',
    'Frozen',
    'Savage',
    'Lucky',
    'Ancient',
    'Swift',
    'Hollow',
    'Radiant',
    'Wild',
    'Last',
  ],
  nouns: [
    'Falcon',
    'Warden',
    'Horizon',
    'Relic',
    'Tempest',
    'Voyager',
    'Citadel',
    'Phantom',
    'Harbor',
    'Serpent',
    'Lantern',
    'Monarch',
    'Ember',
    'Drifter',
    'Bastion',
    'Comet',
  ],
  verbs: ['Defeat', 'Find', 'Protect', 'Collect', 'Escape', 'Master', 'Unlock', 'Survive', 'Outrun', 'Rebuild', 'Explore', 'Conquer'],
  details: [
    'Complete the chapter on any difficulty.',
    'Win without taking damage.',
    'Discover every secret in the area.',
    'Finish the race in first place.',
    'Reach the maximum level.',
    'Defeat the boss in under three minutes.',
    'Collect all hidden relics.',
    'Help every stranger you meet.',
  ],
  dlc: ['The Lost Expedition', 'Frozen Frontier', 'Season Pass Trials', 'Night of the Comet', 'Arena of Legends', 'The Sunken City', 'Echoes of War'],
  platinum: (title) => `${title} Platinum`,
  platinumDetail: (title) => `Earn every other trophy in ${title}.`,
  trophySet: (title) => `${title} Trophy Set`,
  rewards: ['Profile Avatar', 'Emote', 'Weapon Skin', 'Outfit', 'Sticker'],
};

const de: Words = {
  adjectives: [
    'Purpurner',
    'Stiller',
    'Eiserner',
    'Goldener',
    'Verborgener',
    'Zerbrochener',
    'Ewiger',
    'Gefrorener',
    'Wilder',
    'Glücklicher',
    'Uralter',
    'Schneller',
    'Hohler',
    'Strahlender',
    'Ungezähmter',
    'Letzter',
  ],
  nouns: [
    'Falke',
    'Wächter',
    'Horizont',
    'Fund',
    'Sturm',
    'Reisender',
    'Bollwerk',
    'Geist',
    'Hafen',
    'Drache',
    'Leuchter',
    'Monarch',
    'Funke',
    'Wanderer',
    'Wall',
    'Komet',
  ],
  verbs: ['Besiege', 'Finde', 'Beschütze', 'Sammle', 'Entkomme', 'Meistere', 'Entsperre', 'Überlebe', 'Überhole', 'Erbaue', 'Erkunde', 'Erobere'],
  details: [
    'Schließe das Kapitel auf einem beliebigen Schwierigkeitsgrad ab.',
    'Gewinne, ohne Schaden zu nehmen.',
    'Entdecke jedes Geheimnis des Gebiets.',
    'Beende das Rennen auf dem ersten Platz.',
    'Erreiche die höchste Stufe.',
    'Besiege den Boss in unter drei Minuten.',
    'Sammle alle verborgenen Relikte.',
    'Hilf jedem Fremden, dem du begegnest.',
  ],
  dlc: [
    'Die verlorene Expedition',
    'Gefrorene Grenze',
    'Season-Pass-Prüfungen',
    'Nacht des Kometen',
    'Arena der Legenden',
    'Die versunkene Stadt',
    'Echos des Krieges',
  ],
  platinum: (title) => `${title} Platin`,
  platinumDetail: (title) => `Verdiene alle anderen Trophäen in ${title}.`,
  trophySet: (title) => `${title} Trophäen`,
  rewards: ['Profil-Avatar', 'Emote', 'Waffen-Skin', 'Outfit', 'Sticker'],
};

/** Word lists of a language. */
export function words(language: Language): Words {
  return language === 'de' ? de : en;
}

/** Game titles stay in their original language, as they do on PSN. */
export const titleWords = {
  first: [
    'Shadow',
    'Star',
    'Neon',
    'Iron',
    'Crystal',
    'Storm',
    'Dragon',
    'Velvet',
    'Quantum',
    'Ghost',
    'Solar',
    'Rogue',
    'Crimson',
    'Echo',
    'Titan',
    'Pixel',
    'Wild',
    'Astral',
  ],
  second: [
    'Knight',
    'Rally',
    'Odyssey',
    'Legacy',
    'Frontier',
    'Protocol',
    'Saga',
    'Runner',
    'Tactics',
    'Kingdom',
    'Hunter',
    'Drift',
    'Chronicles',
    'Arena',
    'Heist',
    'Garden',
  ],
  suffix: ['', '', '', ' 2', ' 3', ' Remastered', ': Origins', ' Deluxe Edition', ' HD', ': Reborn', ' Zero', ' Collection'],
};
