/**
 * ANSI colours, on only for a terminal: off when the stream is not a TTY, when `NO_COLOR` is set
 * (https://no-color.org), or with `--no-color`; `FORCE_COLOR` turns them on.
 * @module
 */

export interface Colors {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const same = (text: string) => text;

export const ansi: Colors = { bold: wrap(1, 22), dim: wrap(2, 22), green: wrap(32, 39), yellow: wrap(33, 39), red: wrap(31, 39), cyan: wrap(36, 39) };
export const plain: Colors = { bold: same, dim: same, green: same, yellow: same, red: same, cyan: same };

/** Whether to colour a stream. */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/** Length of a string as the terminal shows it (ANSI escapes take no room). */
export function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}
