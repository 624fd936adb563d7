/**
 * The user's level, points and totals (`GET /api/stats`).
 * @module
 */
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Stats } from '../../api/types.ts';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';
import { ProgressBar } from '../../components/progress-bar/progress-bar.tsx';
import { TrophyCounts } from '../../components/trophy-counts/trophy-counts.tsx';

export function StatsBar() {
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    api.stats().then(
      (answer) => live && setStats(answer),
      (caught: unknown) => live && setError(caught),
    );
    return () => {
      live = false;
    };
  }, []);
  if (error) return <ErrorMessage error={error} />;
  if (!stats) return null;
  return (
    <dl className="stats card" aria-label="Your totals">
      <div className="stat">
        <dt>Level</dt>
        <dd className="stat__value">{stats.level}</dd>
        {stats.levelProgress !== undefined && (
          <dd className="stat__level">
            <ProgressBar value={stats.levelProgress} label="Progress to the next level" showValue={false} />
          </dd>
        )}
      </div>
      <div className="stat">
        <dt>Points</dt>
        <dd className="stat__value">{stats.points.toLocaleString()}</dd>
      </div>
      <div className="stat">
        <dt>Games</dt>
        <dd className="stat__value">{stats.games.toLocaleString()}</dd>
      </div>
      <div className="stat">
        <dt>Completed</dt>
        <dd className="stat__value">{stats.completed.toLocaleString()}</dd>
      </div>
      <div className="stat">
        <dt>Platinums</dt>
        <dd className="stat__value">{stats.platinums.toLocaleString()}</dd>
      </div>
      <div className="stat stat--wide">
        <dt>Trophies</dt>
        <dd>
          <TrophyCounts earned={stats.earned} />
        </dd>
      </div>
    </dl>
  );
}
