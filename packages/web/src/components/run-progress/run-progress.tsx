/**
 * The live state of an import or sync run: a progress bar while it runs, the outcome when it ends.
 * @module
 */
import type { Run } from '../../api/types.ts';
import type { TrackedPhase } from '../../hooks/use-tracked-run.ts';
import { ProgressBar } from '../progress-bar/progress-bar.tsx';

const verbs: Record<Run['kind'], string> = { import: 'Importing', sync: 'Syncing', 'title-list': 'Reading your trophy list' };
const nouns: Record<Run['kind'], string> = { import: 'Import', sync: 'Sync', 'title-list': 'Title list' };

export function runOutcome(run: Run): string {
  const noun = nouns[run.kind];
  if (run.state === 'succeeded') return `${noun} finished: ${run.done} of ${run.total} ${run.total === 1 ? 'game' : 'games'}.`;
  if (run.state === 'partial')
    return `${noun} finished with problems: ${run.errors.length} of ${run.total} ${run.total === 1 ? 'game' : 'games'} failed and will be retried.`;
  if (run.state === 'failed') return `${noun} failed${run.errors[0] ? `: ${run.errors[0].message}` : ''}. It will be retried.`;
  return `${verbs[run.kind]}…`;
}

export function RunProgress({ phase, run, label }: { phase: TrackedPhase; run: Run | null; label: string }) {
  if (phase === 'idle') return null;
  return (
    <div className="run" aria-live="polite" data-phase={phase} data-state={run?.state ?? ''}>
      {phase === 'starting' || phase === 'queued' || !run ? (
        <p className="run__line">
          <span className="spinner" aria-hidden="true" /> Starting…
        </p>
      ) : run.state === 'running' ? (
        <>
          <p className="run__line">
            {verbs[run.kind]} {run.done} of {run.total}
            {run.current ? <span className="run__current"> — {run.current}</span> : null}
          </p>
          <ProgressBar value={run.done} max={Math.max(run.total, 1)} label={label} />
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
