/**
 * A secret trophy that has not been earned, shown without its name and detail (spoilers), in a
 * table and in `--json` alike, unless `--hidden` asks for them.
 * @module
 */

export const SECRET_TROPHY_NAME = '(secret trophy)';

/** `trophy` with its name (and detail, when it has one) replaced. */
export function maskSecret<T extends { name: string; detail?: string }>(trophy: T): T {
  return { ...trophy, name: SECRET_TROPHY_NAME, ...(trophy.detail === undefined ? {} : { detail: '' }) };
}
