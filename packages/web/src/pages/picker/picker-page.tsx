/**
 * The PSN picker: every title of the trophy list, most recently played first, recent ones
 * pre-selected; search, platform filter, select all/none, and Import with live progress.
 * Paged (200 a page), so a 20,000-title library costs only what is scrolled.
 * @module
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError } from '../../api/api-error.ts';
import { api } from '../../api/client.ts';
import type { PickerEntry, PickerPage as Page } from '../../api/types.ts';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';
import { LoadMore } from '../../components/load-more/load-more.tsx';
import { platformOptions } from '../../components/platform-badges/platform-options.ts';
import { RunProgress } from '../../components/run-progress/run-progress.tsx';
import { Spinner } from '../../components/spinner/spinner.tsx';
import { useDebounced } from '../../hooks/use-debounced.ts';
import { usePaged } from '../../hooks/use-paged.ts';
import { ongoing, useTrackedRun } from '../../hooks/use-tracked-run.ts';
import { Link } from '../../router/link.tsx';
import { PickerRow } from './picker-row.tsx';
import { SelectField } from '../../components/select-field/select-field.tsx';

const PAGE = 200;
const LOADING_POLL_MS = 1000;

export function PickerPage() {
  const [search, setSearch] = useState('');
  const [platform, setPlatform] = useState('');
  const q = useDebounced(search.trim());
  const list = usePaged<PickerEntry, Page>(JSON.stringify([q, platform]), (cursor) => api.pickerTitles({ q, platform, cursor, limit: PAGE }));
  const [selected, setSelected] = useState<Set<string> | null>(null);
  const [selectError, setSelectError] = useState<unknown>(null);
  const listState = list.first?.state;
  // Ready stays ready while a new search or filter loads, so the toolbar (and the focus in it) stays.
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (listState === 'ready') setReady(true);
  }, [listState]);
  const { reload } = list;
  // Once imported, the titles show "In library".
  const importRun = useTrackedRun(() => void reload());
  // While the import goes on, a selected game can jump the queue ("this game first").
  const openImport = importRun.run && ongoing(importRun.run) ? importRun.run.id : null;
  const { update } = importRun;
  const [firstError, setFirstError] = useState<unknown>(null);
  const importFirst = useCallback(
    (id: string) => {
      if (!openImport) return;
      setFirstError(null);
      api
        .prioritiseRun(openImport, [id])
        .then(({ run }) => update(run))
        .catch(setFirstError);
    },
    [openImport, update],
  );

  // The title list is fetched in the background right after connecting: poll until it is ready.
  useEffect(() => {
    if (listState !== 'loading') return;
    const timer = window.setTimeout(() => void reload(), LOADING_POLL_MS);
    return () => window.clearTimeout(timer);
  }, [listState, reload]);

  // Once ready, the recently played titles join the selection (asked once; rows ticked meanwhile stay).
  const preselectAsked = useRef(false);
  useEffect(() => {
    if (listState !== 'ready' || preselectAsked.current) return;
    preselectAsked.current = true;
    api
      .pickerIds({ preselected: true })
      .then(({ ids }) => setSelected((current) => new Set([...(current ?? []), ...ids])))
      .catch(setSelectError);
  }, [listState]);

  const filtered = Boolean(q || platform);
  // Every matching title's id in one call, added to or taken from the selection.
  const changeMatching = useCallback(
    async (select: boolean) => {
      setSelectError(null);
      try {
        if (!filtered && !select) {
          setSelected(new Set());
          return;
        }
        const ids = new Set((await api.pickerIds({ q, platform })).ids);
        setSelected((current) => (select ? new Set([...(current ?? []), ...ids]) : new Set([...(current ?? [])].filter((id) => !ids.has(id)))));
      } catch (error) {
        setSelectError(error);
      }
    },
    [filtered, q, platform],
  );

  const toggle = useCallback((id: string, on: boolean) => {
    setSelected((current) => {
      const next = new Set(current ?? []);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  const count = selected?.size ?? 0;
  const importing = importRun.phase === 'starting' || importRun.phase === 'queued' || importRun.phase === 'running';
  const notConnected = isApiError(list.error) && list.error.code === 'not_connected';

  if (notConnected)
    return (
      <section className="page--narrow">
        <h1>Pick games to import</h1>
        <p>
          Connect your PlayStation account first, in <Link href="/settings">Settings → Connected accounts</Link>.
        </p>
      </section>
    );

  return (
    <section className="picker">
      <div className="page-head">
        <h1>Pick games to import</h1>
        <p className="muted">Most recently played first. Recently played games are already selected.</p>
      </div>
      <p className="callout callout--info" role="note">
        PlayStation only lists games in which you have earned at least one trophy. A game you own but never played (or never earned a trophy in) is not here —
        that is Sony’s limit, not Trophyroom’s. Play it once to earn a trophy and it will show up.
      </p>

      {listState === 'loading' || (!ready && list.loading) ? (
        <Spinner label={listState === 'loading' ? 'Fetching your trophy list from PlayStation… this takes a few seconds.' : 'Loading your titles…'} />
      ) : null}
      <ErrorMessage error={list.error} />

      {ready && (
        <>
          <search className="toolbar" aria-label="Filter titles">
            <div className="field field--inline">
              <label htmlFor="picker-search">Search</label>
              <input id="picker-search" type="search" value={search} placeholder="Game name" onChange={(event) => setSearch(event.target.value)} />
            </div>
            <SelectField id="picker-platform" label="Platform" value={platform} options={platformOptions} onChange={setPlatform} />
            <div className="toolbar__buttons">
              <button type="button" className="button" onClick={() => void changeMatching(true)}>
                {filtered ? 'Select all matching' : 'Select all'}
              </button>
              <button type="button" className="button" onClick={() => void changeMatching(false)}>
                {filtered ? 'Unselect matching' : 'Select none'}
              </button>
            </div>
          </search>
          <ErrorMessage error={selectError} />

          <div className="import-bar">
            <p className="import-bar__count" aria-live="polite">
              <strong>{count.toLocaleString()}</strong> of {(list.first?.total ?? 0).toLocaleString()} selected
            </p>
            <button
              type="button"
              className="button button--primary"
              disabled={count === 0 || importing}
              onClick={() => void importRun.start(() => api.importTitles([...(selected ?? [])]))}
            >
              {importing ? 'Importing…' : `Import ${count.toLocaleString()} ${count === 1 ? 'game' : 'games'}`}
            </button>
            <div className="import-bar__progress">
              <ErrorMessage error={importRun.error} />
              <RunProgress phase={importRun.phase} run={importRun.run} label="Import progress" onRun={importRun.update} />
              <ErrorMessage error={firstError} />
              {importRun.phase === 'finished' && (
                <Link className="button" href="/">
                  Open your library
                </Link>
              )}
            </div>
          </div>

          {list.items.length === 0 && !list.loading ? (
            <p>{q || platform ? 'No titles match this search.' : 'No titles with trophies yet.'}</p>
          ) : (
            <ul className="picker__list" aria-label="Titles">
              {list.items.map((entry) => (
                <PickerRow
                  key={entry.npCommunicationId}
                  entry={entry}
                  checked={selected?.has(entry.npCommunicationId) ?? false}
                  onToggle={toggle}
                  onFirst={openImport ? importFirst : undefined}
                />
              ))}
            </ul>
          )}
          <LoadMore
            hasMore={Boolean(list.nextCursor)}
            loading={list.loading}
            onMore={list.loadMore}
            shown={list.items.length}
            total={list.first?.total ?? 0}
            noun="titles"
          />
        </>
      )}
    </section>
  );
}
