/**
 * Starts a background job (import, sync) and follows its run live: Server-Sent Events from
 * `GET /api/sync/events`, with polling of `GET /api/sync/runs` as a safety net (a proxy that
 * buffers SSE, a reconnect gap). The run is the one whose id is the job id, or else the newest
 * run of that kind that had not already finished before the request.
 * @module
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import type { Run, RunKind } from '../api/types.ts';

export type TrackedPhase = 'idle' | 'starting' | 'queued' | 'running' | 'finished';

export interface TrackedRun {
  phase: TrackedPhase;
  run: Run | null;
  error: unknown;
  start: (request: () => Promise<{ jobId: string }>) => Promise<void>;
  reset: () => void;
}

const POLL_MS = 1000;

export function useTrackedRun(kind: RunKind, onFinished?: (run: Run) => void): TrackedRun {
  const [phase, setPhase] = useState<TrackedPhase>('idle');
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [watch, setWatch] = useState<{ jobId: string; finishedBefore: Set<string> } | null>(null);
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;

  const start = useCallback(async (request: () => Promise<{ jobId: string }>) => {
    setPhase('starting');
    setError(null);
    setRun(null);
    try {
      const before = await api.runs(20).catch(() => ({ items: [] as Run[] }));
      const finishedBefore = new Set(before.items.filter((item) => item.state !== 'running').map((item) => item.id));
      const { jobId } = await request();
      setWatch({ jobId, finishedBefore });
      setPhase('queued');
    } catch (caught) {
      setError(caught);
      setPhase('idle');
    }
  }, []);

  useEffect(() => {
    if (!watch) return;
    let done = false;
    const matches = (candidate: Run) => candidate.id === watch.jobId || (candidate.kind === kind && !watch.finishedBefore.has(candidate.id));
    const accept = (candidate: Run) => {
      if (done || !matches(candidate)) return;
      setRun(candidate);
      if (candidate.state === 'running') setPhase('running');
      else {
        done = true;
        setPhase('finished');
        cleanup();
        finishedRef.current?.(candidate);
      }
    };
    const poll = async () => {
      try {
        const { items } = await api.runs(20);
        const found = items.find((item) => item.id === watch.jobId) ?? items.find(matches);
        if (found) accept(found);
      } catch {
        // The next tick tries again; SSE may still deliver.
      }
    };
    let events: EventSource | null = null;
    if (typeof EventSource !== 'undefined') {
      events = new EventSource('/api/sync/events');
      events.addEventListener('progress', (event) => {
        try {
          const data = JSON.parse((event as MessageEvent<string>).data) as Run | { run: Run };
          accept('run' in data ? data.run : data);
        } catch {
          // Not a run: ignored.
        }
      });
    }
    const timer = window.setInterval(() => void poll(), POLL_MS);
    void poll();
    function cleanup() {
      window.clearInterval(timer);
      events?.close();
    }
    return () => {
      done = true;
      cleanup();
    };
  }, [watch, kind]);

  const reset = useCallback(() => {
    setWatch(null);
    setRun(null);
    setPhase('idle');
    setError(null);
  }, []);

  return { phase, run, error, start, reset };
}
