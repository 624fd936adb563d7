/**
 * How callers name a trophy title: a title from the title list (which carries its own
 * `npServiceName`), or an id with an explicit `npServiceName`. The service is never guessed from
 * the platform string; a bare id means `trophy2` and a 404 then says what to try.
 * @module
 */
import type { NpServiceName } from './shared-schemas.ts';

export type TitleRef = string | { npCommunicationId: string; npServiceName?: NpServiceName };

export function resolveTitle(ref: TitleRef): { npCommunicationId: string; npServiceName: NpServiceName; hint: string | undefined } {
  const id = typeof ref === 'string' ? ref : ref.npCommunicationId;
  const given = typeof ref === 'string' ? undefined : ref.npServiceName;
  if (!/^NPWR\d{5}_\d{2}$/.test(id)) throw new TypeError(`"${id}" is not an npCommunicationId (NPWR12345_00).`);
  return {
    npCommunicationId: id,
    npServiceName: given ?? 'trophy2',
    hint: given
      ? undefined
      : `If ${id} is a PS3, PS4 or PS Vita title, pass npServiceName: 'trophy' (take it from the title list's npServiceName); PSN answers 404 otherwise.`,
  };
}
