/**
 * The live state of an import or sync run: a progress bar and the time left while it runs (from
 * the requests it still needs at the budget's pace), pause and resume for an import, the outcome
 * when it ends.
 * @module
 */
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Run } from '../../api/types.ts';
import { formatDateTime } from '../../format/dates.ts';
import { formatTimeLeft } from '../../format/time-left.ts';
import { ongoing, type TrackedPhase } from '../../hooks/use-tracked-run.ts';
import { ErrorMessage } from '../error-message/error-message.tsx';
import { ProgressBar } from '../progress-bar/progress-bar.tsx';

const verbs: Record<Run['kind'], string> = { import: 'Importing', sync: 'Syncing', 'title-list': 'Reading your trophy list' };
const nouns: Record<Run['kind'], string> = { import: 'Import', sync: 'Sync', 'title-list': 'Title list' };

const games = (n: number) => `${n} ${n === 1 ? 'game' : 'games'}`;

/** The games that wait for a retry and the first time one is tried again, or null when none waits. */
function retrying(run: Run): { count: number; at: string } | null {
  const waiting = run.errors.filter((e) => e.npCommunicationId && e.retryAt);
  if (waiting.length === 0) return null;
  const at = waiting.map((e) => e.retryAt as string).sort()[0] as string;
  return { count: new Set(waiting.map((e) => e.npCommunicationId)).size, at };
}

/** What happens to the games that failed: when they are tried again by themselves, or what the user can do. */
function retryLine(run: Run): string {
  const retry = retrying(run);
  if (retry) return ` ${retry.count === 1 ? 'It is tried again by itself' : 'They are tried again by themselves'} at ${formatDateTime(retry.at)}.`;
  return ' Sync now tries again.';
}

export function runOutcome(run: Run): string {
  const noun = nouns[run.kind];
  if (run.state === 'succeeded') return `${noun} finished: ${run.done} of ${games(run.total)}.`;
  if (run.state === 'interrupted') return `${noun} stopped at ${run.done} of ${games(run.total)} when the server stopped; it resumes by itself.`;
  const failed = new Set(run.errors.filter((e) => e.npCommunicationId).map((e) => e.npCommunicationId)).size;
  if (run.state === 'partial') return `${noun} finished with problems: ${failed} of ${games(run.total)} failed.${retryLine(run)}`;
  if (run.state === 'failed') {
    const first = run.errors[0];
    // A run stopped by the connection (expired, revoked, disconnected) says so; the retry line is for games.
    if (first && !first.npCommunicationId) return `${noun} failed: ${first.message}`;
    return `${noun} failed${first ? `: ${first.message}` : ''}.${retryLine(run)}`;
  }
  return `${verbs[run.kind]}…`;
}

/** What the run is doing now, and how long it has left. */
function statusLine(run: Run): string {
  const left = formatTimeLeft(run.estimatedSecondsLeft);
  if (run.state === 'paused') return `Paused at ${run.done} of ${games(run.total)}; nothing is fetched until you resume.`;
  if (run.state === 'waiting') return `A sync of this account goes first; then the import goes on by itself${left ? ` (${left})` : ''}.`;
  return left ? `${left[0]?.toUpperCase()}${left.slice(1)}, resumes by itself.` : '';
}

export function RunProgress({ phase, run, label, onRun }: { phase: TrackedPhase; run: Run | null; label: string; onRun?: (run: Run) => void }) {
  if (phase === 'idle') return null;
  return (
    <div className="run" aria-live="polite" data-phase={phase} data-state={run?.state ?? ''}>
      {phase === 'starting' || phase === 'queued' || !run ? (
        <p className="run__line">
          <span className="spinner" aria-hidden="true" /> Starting…
        </p>
      ) : ongoing(run) ? (
        <>
          <p className="run__line">
            {verbs[run.kind]} {run.done} of {run.total}
            {run.current ? <span className="run__current"> — {run.current}</span> : null}
          </p>
          <ProgressBar value={run.done} max={Math.max(run.total, 1)} label={label} />
          <p className="run__line run__line--left" data-remaining-requests={run.remainingRequests}>
            {statusLine(run)}
          </p>
          {run.kind === 'import' && <PauseResume run={run} onRun={onRun} />}
          <RetryNote run={run} />
        </>
      ) : (
        <>
          <ProgressBar value={run.done} max={Math.max(run.total, 1)} label={label} />
          <p className={`run__line run__line--${run.state}`}>{runOutcome(run)}</p>
        </>
      )}
    </div>
  );
}

/** While a run goes on: the games that failed for now and when they are tried again. */
function RetryNote({ run }: { run: Run }) {
  const retry = retrying(run);
  if (!retry) return null;
  return (
    <p className="run__line run__line--retry">
      {games(retry.count)} {retry.count === 1 ? 'waits' : 'wait'} for a retry at {formatDateTime(retry.at)}.
    </p>
  );
}

/** Pause (the import stops after the game it is on) or resume an import. */
function PauseResume({ run, onRun }: { run: Run; onRun: ((run: Run) => void) | undefined }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const act = async (request: () => Promise<{ run: Run }>) => {
    setBusy(true);
    setError(null);
    try {
      onRun?.((await request()).run);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="run__actions">
      {run.state === 'paused' ? (
        <button type="button" className="button" disabled={busy} onClick={() => void act(() => api.resumeRun(run.id))}>
          Resume import
        </button>
      ) : (
        <button type="button" className="button" disabled={busy} onClick={() => void act(() => api.pauseRun(run.id))}>
          Pause import
        </button>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
