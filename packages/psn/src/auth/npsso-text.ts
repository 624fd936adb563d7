/**
 * Reading what a user pastes as an NPSSO: the raw 64 characters, the whole `{"npsso":…}` JSON of
 * the ssocookie page, or a `npsso=…` cookie. A plain function with no imports, so the web UI
 * checks a paste with the very rule the client and the server apply (`@trophyroom/psn/npsso`).
 * The value itself never appears in a message.
 * @module
 */

/** Why a paste is not an NPSSO. */
export type NpssoProblem = 'empty' | 'invalidJson' | 'noNpssoField' | 'wrongLength' | 'badCharacters';

/** The NPSSO inside a paste, or why there is none, with a message a person can act on. */
export type NpssoReading = { ok: true; npsso: string } | { ok: false; problem: NpssoProblem; message: string };

const NPSSO = /^[A-Za-z0-9]{64}$/;

const refused = (problem: NpssoProblem, message: string): NpssoReading => ({ ok: false, problem, message });

/** Finds the 64-character NPSSO in what the user pasted; never throws. */
export function readNpsso(input: string): NpssoReading {
  let text = (input ?? '').trim();
  if (text === '') return refused('empty', 'Nothing was pasted: paste your NPSSO, the 64-character value of "npsso".');
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return refused(
        'invalidJson',
        'That looks like JSON but is not valid JSON (cut off?): paste the whole {"npsso": …} response, or just the value of "npsso".',
      );
    }
    const value = (parsed as { npsso?: unknown } | null)?.npsso;
    if (typeof value !== 'string')
      return refused('noNpssoField', 'That JSON has no "npsso" field: copy the response of https://ca.account.sony.com/api/v1/ssocookie.');
    text = value.trim();
  } else if (text.toLowerCase().startsWith('npsso=')) {
    text = text.slice(6).split(';')[0]?.trim() ?? '';
  }
  text = text.replace(/^["']|["']$/g, '').trim();
  if (text.length !== 64)
    return refused('wrongLength', `An NPSSO is 64 characters long; this one has ${text.length}. Copy the whole value between the quotes after "npsso":.`);
  if (!NPSSO.test(text))
    return refused(
      'badCharacters',
      'An NPSSO holds only letters and digits; this one has other characters. Copy just the value between the quotes after "npsso":.',
    );
  return { ok: true, npsso: text };
}
