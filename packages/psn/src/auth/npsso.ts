/**
 * The client's door for a pasted NPSSO: the rule itself is `readNpsso` (`npsso-text.ts`, shared
 * with the web UI); here a refusal becomes the typed `NpssoMalformedError`.
 * @module
 */
import { NpssoMalformedError } from '../errors/kinds.ts';
import { readNpsso } from './npsso-text.ts';

/** Returns the 64-character NPSSO inside what the user pasted, or throws `NpssoMalformedError`. */
export function parseNpsso(input: string): string {
  const reading = readNpsso(input);
  if (!reading.ok) throw new NpssoMalformedError(reading.message);
  return reading.npsso;
}
