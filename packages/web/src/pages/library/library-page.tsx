/**
 * The library: the user's level, points and totals, then every imported game, filtered and
 * sorted by the server and paged by its cursor (50 a page, more as the list scrolls). The
 * filters live in the URL, so Back from a game returns to the same view.
 * @module
 */
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Game, GamesPage, GamesQuery } from '../../api/types.ts';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';
import { LoadMore } from '../../components/load-more/load-more.tsx';
import { platformOptions } from '../../components/platform-badges/platform-options.ts';
import { Spinner } from '../../components/spinner/spinner.tsx';
import { useDebounced } from '../../hooks/use-debounced.ts';
import { usePaged } from '../../hooks/use-paged.ts';
import { Link } from '../../router/link.tsx';
import { navigate, useRoute } from '../../router/router.ts';
import { SelectField } from '../../components/select-field/select-field.tsx';
import { GameCard } from './game-card.tsx';
import { StatsBar } from './stats-bar.tsx';
import { StacksSection } from './stacks-section.tsx';

const PAGE = 50;
type Status = NonNullable<GamesQuery['status']>;
type Sort = NonNullable<GamesQuery['sort']>;

const statuses: Array<[Status, string]> = [
  ['', 'All games'],
  ['platinum', 'Platinum earned'],
  ['completed', 'Completed'],
  ['in-progress', 'In progress'],
  ['not-started', 'Not started'],
  ['base-complete', 'Base game complete'],
  ['dlc-complete', 'Complete with every DLC'],
  ['platinum-dlc-missing', 'Platinum, DLC missing'],
];
const sorts: Array<[Sort, string]> = [
  ['last-played', 'Last played'],
  ['name', 'Name'],
  ['progress', 'Progress'],
  ['points', 'Points'],
];
const defaultOrder: Record<Sort, 'asc' | 'desc'> = { 'last-played': 'desc', name: 'asc', progress: 'desc', points: 'desc' };

export function LibraryPage() {
  const { query } = useRoute();
  const platform = query.get('platform') ?? '';
  const status = (query.get('status') ?? '') as Status;
  const sort = (query.get('sort') ?? 'last-played') as Sort;
  const order = (query.get('order') ?? defaultOrder[sort] ?? 'desc') as 'asc' | 'desc';
  const view = query.get('view') === 'list' ? 'list' : 'grid';
  const urlQ = query.get('q') ?? '';
  const [search, setSearch] = useState(urlQ);
  // The box follows the URL when it changes under it (the Library link, Back, a shared link).
  useEffect(() => setSearch(urlQ), [urlQ]);
  const q = useDebounced(search.trim());

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(query);
    for (const [key, value] of Object.entries(changes))
      if (value) next.set(key, value);
      else next.delete(key);
    const text = next.toString();
    navigate(text ? `/?${text}` : '/', { replace: true });
  };

  const params: GamesQuery = { platform, status, sort, order, q, limit: PAGE };
  const games = usePaged<Game, GamesPage>(JSON.stringify(params), (cursor) => api.games({ ...params, cursor }));
  const total = games.first?.total ?? 0;
  const filtered = Boolean(platform || status || q);

  return (
    <section className="library">
      <div className="page-head">
        <h1>Library</h1>
      </div>
      <StatsBar />
      {!filtered && <StacksSection />}

      <search className="toolbar" aria-label="Filter games">
        <div className="field field--inline">
          <label htmlFor="library-search">Search</label>
          <input
            id="library-search"
            type="search"
            value={search}
            placeholder="Game name"
            onChange={(event) => {
              setSearch(event.target.value);
            }}
            onBlur={() => set({ q: search.trim() })}
          />
        </div>
        <SelectField id="library-platform" label="Platform" value={platform} options={platformOptions} onChange={(value) => set({ platform: value })} />
        <SelectField id="library-status" label="Show" value={status} options={statuses} onChange={(value) => set({ status: value })} />
        <SelectField id="library-sort" label="Sort by" value={sort} options={sorts} onChange={(value) => set({ sort: value, order: '' })} />
        <button
          type="button"
          className="button"
          aria-label={`Order: ${order === 'asc' ? 'ascending' : 'descending'}; switch`}
          onClick={() => set({ order: order === 'asc' ? 'desc' : 'asc' })}
        >
          {order === 'asc' ? '↑ Ascending' : '↓ Descending'}
        </button>
        <fieldset className="segmented">
          <legend className="visually-hidden">View</legend>
          <button type="button" className="button" aria-pressed={view === 'grid'} onClick={() => set({ view: '' })}>
            Grid
          </button>
          <button type="button" className="button" aria-pressed={view === 'list'} onClick={() => set({ view: 'list' })}>
            List
          </button>
        </fieldset>
      </search>

      <ErrorMessage error={games.error} />
      {!games.first && games.loading && <Spinner label="Loading your games…" />}
      {games.first && total === 0 && !filtered && (
        <div className="empty card">
          <h2>No games yet</h2>
          <p>
            Connect your PlayStation account in <Link href="/settings">Settings</Link>, then <Link href="/picker">pick the games to import</Link>.
          </p>
        </div>
      )}
      {games.first && total === 0 && filtered && <p>No games match these filters.</p>}
      {games.items.length > 0 && (
        <ul className={`games games--${view}`} aria-label="Games">
          {games.items.map((game) => (
            <GameCard key={game.npCommunicationId} game={game} />
          ))}
        </ul>
      )}
      {games.first && total > 0 && (
        <LoadMore hasMore={Boolean(games.nextCursor)} loading={games.loading} onMore={games.loadMore} shown={games.items.length} total={total} noun="games" />
      )}
    </section>
  );
}
