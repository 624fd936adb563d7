/**
 * How callers name a trophy title: a title from the title list (which carries its own
 * `npServiceName`), or an id with an explicit `npServiceName`. The service is never guessed from
 * the platform string; a bare id means `trophy2` and a 404 then says what to try. The id itself is
 * Sony's to judge: whatever it looks like, it is sent (escaped) and an unknown one comes back as
 * Sony's 404 (`2240525`), a `NotFoundError`.
 * @module
 */
import type { NpServiceName } from './shared-schemas.ts';

export type TitleRef = string | { npCommunicationId: string; npServiceName?: NpServiceName };

export function resolveTitle(ref: TitleRef): { npCommunicationId: string; path: string; npServiceName: NpServiceName; hint: string | undefined } {
  const id = typeof ref === 'string' ? ref : ref.npCommunicationId;
  const given = typeof ref === 'string' ? undefined : ref.npServiceName;
  return {
    npCommunicationId: id,
    // An empty id would change the route (`npCommunicationIds//…`): Sony answers that 404 too.
    path: encodeURIComponent(id),
    npServiceName: given ?? 'trophy2',
    hint: given
      ? undefined
      : `If ${id} is a PS3, PS4 or PS Vita title, pass npServiceName: 'trophy' (take it from the title list's npServiceName); PSN answers 404 otherwise.`,
  };
}
