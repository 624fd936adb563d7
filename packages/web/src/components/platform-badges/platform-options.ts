/**
 * The platforms a list can be filtered by, as `[value, label]` for a SelectField: the picker's
 * and the library's drop-downs.
 * @module
 */
export const platformOptions: Array<[string, string]> = [
  ['', 'All platforms'],
  ['PS5', 'PS5'],
  ['PS4', 'PS4'],
  ['PS3', 'PS3'],
  ['PSVITA', 'PS Vita'],
  ['PSPC', 'PC'],
];
