/**
 * Settings → Unobtainable trophies: import a list (JSON: `{"source", "trophies": [{npCommunicationId,
 * trophyId, note?}]}`) and see every flag with where it came from. A list naming a game or trophy
 * not in the library is refused whole, the server naming each one; nothing changes.
 * @module
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { UnobtainableTrophy } from '../../api/types.ts';
import { JsonFileField, useJsonFileImport } from '../../components/json-file-import/json-file-import.tsx';
import { Link } from '../../router/link.tsx';

export function UnobtainableCard() {
  const [items, setItems] = useState<UnobtainableTrophy[] | null>(null);
  const imports = useJsonFileImport({
    notJson: 'a list is {"source": "…", "trophies": [{"npCommunicationId": "…", "trophyId": 1}]}. Nothing was flagged.',
    send: async (list) => {
      const result = await api.importUnobtainable(list);
      return `Flagged ${result.flagged} trophies in ${result.titles} games.`;
    },
    after: () => load(),
  });
  // A list that fails to load is said where an import's error would be.
  const { setError } = imports;

  const load = useCallback(async () => {
    try {
      setItems((await api.unobtainable()).items);
    } catch (caught) {
      setError(caught);
    }
  }, [setError]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <article className="card" aria-labelledby="unobtainable-title">
      <h3 id="unobtainable-title">Unobtainable trophies</h3>
      <p className="muted">
        Trophies that can no longer be earned (servers shut down, glitched) never count against a game: it shows “100 % of obtainable”. Flag one from its game,
        or import a list.
      </p>
      <JsonFileField id="unobtainable-import" label="Import a list (JSON with its source)" state={imports} />
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
