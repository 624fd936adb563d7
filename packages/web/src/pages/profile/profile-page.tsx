/**
 * The profile: level with progress to the next, points and trophies by grade, the platinum
 * cabinet, trophies per day over the last year and per month, the rarest trophies earned,
 * completion by platform, and time to platinum (`GET /api/profile`). Every chart has its figures
 * as text or a table beside it.
 * @module
 */
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { PlatinumEntry, Profile } from '../../api/types.ts';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';
import { GameIcon } from '../../components/game-icon/game-icon.tsx';
import { ProgressBar } from '../../components/progress-bar/progress-bar.tsx';
import { Spinner } from '../../components/spinner/spinner.tsx';
import { TrophyCounts, TrophyGlyph } from '../../components/trophy-counts/trophy-counts.tsx';
import { formatDate } from '../../format/dates.ts';
import { formatDuration } from '../../format/duration.ts';
import { Link } from '../../router/link.tsx';
import { CalendarHeatmap } from './calendar-heatmap.tsx';
import { MonthBars } from './month-bars.tsx';
import { PlatinumCabinet } from './platinum-cabinet.tsx';

export function ProfilePage() {
  const [profile, setProfile] = useState<Profile | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    api.profile().then(
      (answer) => live && setProfile(answer),
      (caught: unknown) => live && setError(caught),
    );
    return () => {
      live = false;
    };
  }, []);
  if (error) return <ErrorMessage error={error} />;
  if (!profile) return <Spinner label="Loading your profile…" />;
  const { level, timeToPlatinum: ttp } = profile;
  return (
    <article className="profile">
      <h1>Profile</h1>
      <section className="card profile__summary" aria-labelledby="profile-level">
        <h2 id="profile-level" className="visually-hidden">
          Level and trophies
        </h2>
        <dl className="stats stats--flat">
          <div className="stat">
            <dt>Level</dt>
            <dd className="stat__value">{level.level}</dd>
            <dd className="stat__level">
              <ProgressBar value={level.progress} label={`Progress to level ${level.level + 1}`} />
            </dd>
            <dd className="muted stat__note">next at {level.nextLevelAt.toLocaleString()} points</dd>
          </div>
          <div className="stat">
            <dt>Points</dt>
            <dd className="stat__value">{profile.points.toLocaleString()}</dd>
          </div>
          <div className="stat">
            <dt>Platinums</dt>
            <dd className="stat__value">{profile.platinumCount.toLocaleString()}</dd>
          </div>
          <div className="stat">
            <dt>Completed</dt>
            <dd className="stat__value">
              {profile.completed.toLocaleString()} <span className="muted stat__note">of {profile.games.toLocaleString()} games</span>
            </dd>
          </div>
          <div className="stat stat--wide">
            <dt>Trophies by grade</dt>
            <dd>
              <TrophyCounts earned={profile.earned} />
            </dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="profile-cabinet">
        <h2 id="profile-cabinet">Platinum cabinet</h2>
        <PlatinumCabinet profile={profile} />
      </section>

      <section className="card" aria-labelledby="profile-calendar">
        <h2 id="profile-calendar">The last year</h2>
        <CalendarHeatmap calendar={profile.calendar} />
        <h3>Trophies per month</h3>
        <MonthBars months={profile.months} />
      </section>

      <div className="profile__columns">
        <section className="card" aria-labelledby="profile-ttp">
          <h2 id="profile-ttp">Time to platinum</h2>
          {ttp.fastest && ttp.slowest ? (
            <dl className="ttp">
              <Fastest label="Fastest" entry={ttp.fastest} />
              <Fastest label="Slowest" entry={ttp.slowest} />
              {ttp.medianSeconds !== null && (
                <div>
                  <dt>Typical (median)</dt>
                  <dd>{formatDuration(ttp.medianSeconds)}</dd>
                </div>
              )}
            </dl>
          ) : (
            <p className="muted">From a game's first trophy to its platinum: shown once a platinum is imported.</p>
          )}
        </section>

        <section className="card" aria-labelledby="profile-platforms">
          <h2 id="profile-platforms">Completion by platform</h2>
          <table className="platforms">
            <thead>
              <tr>
                <th scope="col">Platform</th>
                <th scope="col">Games</th>
                <th scope="col">Completed</th>
                <th scope="col">Platinums</th>
                <th scope="col">Average</th>
              </tr>
            </thead>
            <tbody>
              {profile.platforms.map((p) => (
                <tr key={p.platform}>
                  <th scope="row">{p.platform}</th>
                  <td>{p.games.toLocaleString()}</td>
                  <td>{p.completed.toLocaleString()}</td>
                  <td>{p.platinums.toLocaleString()}</td>
                  <td className="platforms__progress">
                    <ProgressBar value={p.progress} label={`${p.platform} average progress`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      <section className="card" aria-labelledby="profile-rarest">
        <h2 id="profile-rarest">Rarest trophies earned</h2>
        {profile.rarest.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <ol className="rarest">
            {profile.rarest.map((t) => (
              <li key={`${t.npCommunicationId}-${t.trophyId}`} className="rarest__item">
                <GameIcon src={t.iconUrl} size={48} />
                <span className="rarest__body">
                  <span className="rarest__name">
                    <TrophyGlyph type={t.type} />
                    <span className="visually-hidden">{t.type} trophy: </span>
                    {t.name}
                  </span>
                  <Link href={`/games/${encodeURIComponent(t.npCommunicationId)}`} className="muted">
                    {t.title}
                  </Link>
                </span>
                <span className="rarest__rate">
                  {t.rarity.toLocaleString(undefined, { maximumFractionDigits: 1 })}% of players
                  {t.earnedAt && (
                    <span className="muted">
                      {' · '}
                      <time dateTime={t.earnedAt}>{formatDate(t.earnedAt)}</time>
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}

function Fastest({ label, entry }: { label: string; entry: PlatinumEntry }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        <strong>{formatDuration(entry.secondsToPlatinum ?? 0)}</strong> —{' '}
        <Link href={`/games/${encodeURIComponent(entry.npCommunicationId)}`}>{entry.name}</Link> (Platinum #{entry.number})
      </dd>
    </div>
  );
}
