/**
 * Reading what a user pastes as an NPSSO: the raw 64 characters, the whole `{"npsso":…}` JSON of
 * the ssocookie page, or a `npsso=…` cookie. Checked before anything is sent to Sony; the value
 * itself never appears in an error.
 * @module
 */
import { NpssoMalformedError } from '../errors/kinds.ts';

const NPSSO = /^[A-Za-z0-9]{64}$/;

/** Returns the 64-character NPSSO inside what the user pasted, or throws `NpssoMalformedError`. */
export function parseNpsso(input: string): string {
  let text = (input ?? '').trim();
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new NpssoMalformedError('The pasted text looks like JSON but is not valid JSON; paste the whole {"npsso": …} response, or just the npsso value.');
    }
    const value = (parsed as { npsso?: unknown }).npsso;
    if (typeof value !== 'string')
      throw new NpssoMalformedError('The pasted JSON has no "npsso" field; copy the response of https://ca.account.sony.com/api/v1/ssocookie.');
    text = value.trim();
  } else if (text.toLowerCase().startsWith('npsso=')) {
    text = text.slice(6).split(';')[0]?.trim() ?? '';
  }
  text = text.replace(/^["']|["']$/g, '').trim();
  if (text.length !== 64) throw new NpssoMalformedError(`An NPSSO is 64 characters; this one has ${text.length}. Copy the whole value of "npsso".`);
  if (!NPSSO.test(text))
    throw new NpssoMalformedError('An NPSSO holds only letters and digits; this one has other characters. Copy the value between the quotes after "npsso":.');
  return text;
}
