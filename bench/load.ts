/** Load over loopback with autocannon: requests per second and latency percentiles, failed runs flagged. */
import type autocannon from 'autocannon';

export interface LoadOptions {
  warmupSeconds: number;
  seconds: number;
  connections: number;
}

export interface Load {
  rps: number;
  p50: number;
  p99: number;
  /** Why the run does not count (non-2xx answers, socket errors), or undefined. */
  failure: string | undefined;
}

/** One autocannon run, stopped by force if it overruns its duration. */
export async function cannon(url: string, headers: Record<string, string>, seconds: number, connections: number): Promise<autocannon.Result> {
  // Loaded here, not at the top: the memory benchmark's child imports this module and must stay lean.
  const { default: run } = await import('autocannon');
  return new Promise((resolve, reject) => {
    const instance = run({ url, headers, connections, pipelining: 1, duration: seconds, timeout: 10 }, (error, result) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(result);
    });
    const timer = setTimeout(() => instance.stop(), (seconds + 20) * 1000);
  });
}

/** One measured run after a warm-up; every answer must be a 2xx, or `expectStatus` (a conditional request's 304). */
export async function load(url: string, headers: Record<string, string>, options: LoadOptions & { expectStatus?: number }): Promise<Load> {
  if (options.warmupSeconds > 0) await cannon(url, headers, options.warmupSeconds, options.connections);
  const r = await cannon(url, headers, options.seconds, options.connections);
  const problems: string[] = [];
  const expected = options.expectStatus;
  const good = expected ? (r.statusCodeStats?.[String(expected) as keyof typeof r.statusCodeStats]?.count ?? 0) : r['2xx'];
  const label = expected ? String(expected) : '2xx';
  const other = expected ? r.requests.total - good - r.errors : r.non2xx;
  if (other > 0) problems.push(`${other} non-${label} responses`);
  if (r.errors > 0) problems.push(`${r.errors} socket errors (${r.timeouts} timeouts)`);
  if (good === 0) problems.push(`no ${label} response`);
  return { rps: good / r.duration, p50: r.latency.p50, p99: r.latency.p99, failure: problems.length ? problems.join(', ') : undefined };
}
