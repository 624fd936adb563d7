/**
 * Settings → Unobtainable trophies: import a list (JSON: `{"source", "trophies": [{npCommunicationId,
 * trophyId, note?}]}`) and see every flag with where it came from. A list naming a game or trophy
 * not in the library is refused whole, the server naming each one; nothing changes.
 * @module
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { UnobtainableTrophy } from '../../api/types.ts';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';
import { Link } from '../../router/link.tsx';

export function UnobtainableCard() {
  const [items, setItems] = useState<UnobtainableTrophy[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setItems((await api.unobtainable()).items);
    } catch (caught) {
      setError(caught);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      let list: unknown;
      try {
        list = JSON.parse(await file.text());
      } catch {
        throw new Error(`${file.name} is not JSON: a list is {"source": "…", "trophies": [{"npCommunicationId": "…", "trophyId": 1}]}. Nothing was flagged.`);
      }
      const result = await api.importUnobtainable(list);
      setDone(`Flagged ${result.flagged} trophies in ${result.titles} games.`);
      await load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="card" aria-labelledby="unobtainable-title">
      <h3 id="unobtainable-title">Unobtainable trophies</h3>
      <p className="muted">
        Trophies that can no longer be earned (servers shut down, glitched) never count against a game: it shows “100 % of obtainable”. Flag one from its game,
        or import a list.
      </p>
      <div className="field">
        <label htmlFor="unobtainable-import">Import a list (JSON with its source)</label>
        <input id="unobtainable-import" type="file" accept="application/json,.json" disabled={busy} onChange={(e) => void importFile(e.target.files?.[0])} />
      </div>
      {done && (
        <p className="callout callout--info" role="status">
          {done}
        </p>
      )}
      <ErrorMessage error={error} />
      {items && items.length > 0 && (
        <table className="platforms unobtainable-list">
          <caption className="visually-hidden">Flagged trophies</caption>
          <thead>
            <tr>
              <th scope="col">Game</th>
              <th scope="col">Trophy</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {items.map((f) => (
              <tr key={`${f.npCommunicationId}-${f.trophyId}`}>
                <td>
                  <Link href={`/games/${encodeURIComponent(f.npCommunicationId)}`}>{f.title}</Link>
                </td>
                <td>
                  {f.name}
                  {f.earned ? ' (earned anyway)' : ''}
                </td>
                <td>{f.source === 'manual' ? 'you' : f.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
