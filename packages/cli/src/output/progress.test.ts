import { describe, expect, it } from 'vitest';
import { ProgressBar } from './progress.ts';

function screen(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, columns: 80, write: (text: string) => writes.push(text) }, writes };
}

describe('ProgressBar', () => {
  it('draws on a terminal and clears its line when stopped', () => {
    const { stream, writes } = screen(true);
    const bar = new ProgressBar(stream);
    bar.start(4);
    bar.tick('RESIDENT EVIL 5');
    bar.notice('waiting 60 s for the rate budget…');
    bar.stop();
    expect(writes[0]).toBe('\r\u001b[2K[------------------------------] 0/4 ');
    expect(writes.at(-2)).toContain('1/4 waiting 60 s for the rate budget…');
    expect(writes.at(-1)).toBe('\r\u001b[2K');
  });
  it('prints nothing in a pipe', () => {
    const { stream, writes } = screen(false);
    const bar = new ProgressBar(stream);
    bar.start(2);
    bar.tick('a');
    bar.tick('b');
    bar.stop();
    expect(writes).toEqual([]);
  });
  it('estimates the time left from the pace since start', () => {
    const bar = new ProgressBar(screen(false).stream);
    bar.start(10, 2);
    expect(bar.eta()).toBe('');
    bar.tick();
    bar.tick();
    const started = Date.now();
    // Two titles in 20 s → six more take about a minute.
    expect(bar.eta(started + 20_000)).toMatch(/^~(60s|1m) left$/);
  });
});
