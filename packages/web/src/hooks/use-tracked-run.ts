/**
 * Starts a background job (import, sync) and follows exactly its run: the request answers the
 * job's id, and the run carries the same `jobId`. Progress comes from the Server-Sent Events of
 * `GET /api/sync/events`; only when that stream fails (a proxy that does not pass it through)
 * does the hook poll `GET /api/sync/runs?jobId=` instead.
 * @module
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import type { Run } from '../api/types.ts';

export type TrackedPhase = 'idle' | 'starting' | 'queued' | 'running' | 'finished';

export interface TrackedRun {
  phase: TrackedPhase;
  run: Run | null;
  error: unknown;
  start: (request: () => Promise<{ jobId: string }>) => Promise<void>;
  /** Shows the run as an answer of the user's own (pause, resume, this game first) returned it. */
  update: (run: Run) => void;
  reset: () => void;
}

/** States of a run that goes on: by itself (`running`, `waiting` for a sync) or when the user resumes it (`paused`). */
export const ongoing = (run: Run) => run.state === 'running' || run.state === 'waiting' || run.state === 'paused';

const POLL_MS = 2000;

export function useTrackedRun(onFinished?: (run: Run) => void): TrackedRun {
  const [phase, setPhase] = useState<TrackedPhase>('idle');
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;

  const start = useCallback(async (request: () => Promise<{ jobId: string }>) => {
    setPhase('starting');
    setError(null);
    setRun(null);
    try {
      const queued = await request();
      setJobId(queued.jobId);
      setPhase('queued');
    } catch (caught) {
      setError(caught);
      setPhase('idle');
    }
  }, []);

  useEffect(() => {
    if (!jobId) return;
    let done = false;
    let timer: number | undefined;
    let events: EventSource | null = null;
    const accept = (candidate: Run) => {
      if (done || candidate.jobId !== jobId) return;
      setRun(candidate);
      if (ongoing(candidate)) setPhase('running');
      else {
        done = true;
        setPhase('finished');
        cleanup();
        finishedRef.current?.(candidate);
      }
    };
    const poll = async () => {
      try {
        const [found] = (await api.runOfJob(jobId)).items;
        if (found) accept(found);
      } catch {
        // The next tick tries again.
      }
      if (!done) timer = window.setTimeout(() => void poll(), POLL_MS);
    };
    const fallBackToPolling = () => {
      events?.close();
      events = null;
      if (!done && timer === undefined) void poll();
    };
    if (typeof EventSource === 'undefined') fallBackToPolling();
    else {
      events = new EventSource('/api/sync/events');
      events.addEventListener('progress', (event) => {
        try {
          accept(JSON.parse((event as MessageEvent<string>).data) as Run);
        } catch {
          // Not a run: ignored.
        }
      });
      // The stream lists the runs of the last minute when it opens: a run that already ended is seen too.
      events.addEventListener('error', () => {
        if (events?.readyState === EventSource.CLOSED) fallBackToPolling();
      });
    }
    function cleanup() {
      window.clearTimeout(timer);
      events?.close();
    }
    return () => {
      done = true;
      cleanup();
    };
  }, [jobId]);

  const update = useCallback((next: Run) => setRun((current) => (current?.id === next.id ? next : current)), []);

  const reset = useCallback(() => {
    setJobId(null);
    setRun(null);
    setPhase('idle');
    setError(null);
  }, []);

  return { phase, run, error, start, update, reset };
}
