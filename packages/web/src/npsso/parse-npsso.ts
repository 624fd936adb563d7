/**
 * The 64-character check of a pasted NPSSO, done before anything is sent (the server checks
 * again). Accepts the raw value, the ssocookie page's whole `{"npsso": …}` JSON, or `npsso=…`.
 * Mirrors `parseNpsso` of packages/psn (src/auth/npsso.ts) without importing Node code into the browser.
 * @module
 */

export type NpssoCheck = { ok: true; npsso: string } | { ok: false; message: string };

const NPSSO = /^[A-Za-z0-9]{64}$/;

export function checkNpsso(input: string): NpssoCheck {
  let text = input.trim();
  if (text === '') return { ok: false, message: 'Paste your NPSSO first.' };
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { ok: false, message: 'That looks like JSON but is cut off. Copy the whole {"npsso": …} response, or just the value of "npsso".' };
    }
    const value = (parsed as { npsso?: unknown } | null)?.npsso;
    if (typeof value !== 'string') return { ok: false, message: 'That JSON has no "npsso" field. Copy the response of the ssocookie page from step 2.' };
    text = value.trim();
  } else if (text.toLowerCase().startsWith('npsso=')) {
    text = text.slice(6).split(';')[0]?.trim() ?? '';
  }
  text = text.replace(/^["']|["']$/g, '').trim();
  if (text.length !== 64)
    return { ok: false, message: `An NPSSO is 64 characters long; this one has ${text.length}. Copy the whole value between the quotes after "npsso":.` };
  if (!NPSSO.test(text))
    return {
      ok: false,
      message: 'An NPSSO has only letters and digits; this one has other characters. Copy just the value between the quotes after "npsso":.',
    };
  return { ok: true, npsso: text };
}
