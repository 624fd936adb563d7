/**
 * Reads a secret from the terminal without echoing it: raw mode, characters collected until
 * Enter, Backspace honoured, Ctrl-C aborts. The prompt goes to stderr.
 * @module
 */
import type { Io } from '../command.ts';

export function readSecret(io: Io, prompt: string, signal: AbortSignal): Promise<string> {
  const stdin = io.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    // Raw mode before the prompt: whatever is typed once the prompt shows is never echoed.
    stdin.setRawMode?.(true);
    io.stderr.write(prompt);
    const finish = (error?: unknown) => {
      stdin.removeListener('data', onData);
      signal.removeEventListener('abort', onAbort);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onAbort = () => finish(signal.reason);
    const onData = (chunk: Buffer | string) => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new DOMException('Interrupted', 'AbortError'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** Reads all of stdin as text (at most `limit` bytes). */
export async function readStdin(io: Io, limit = 65_536): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) break;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
