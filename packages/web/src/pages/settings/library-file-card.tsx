/**
 * Settings → Your library: download it whole (JSON, which imports back, or CSV for spreadsheets),
 * and import a JSON export into an empty library. The server checks the file whole and says what
 * is wrong; a bad file changes nothing.
 * @module
 */
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';

export function LibraryFileCard() {
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      let archive: unknown;
      try {
        archive = JSON.parse(await file.text());
      } catch {
        throw new Error(`${file.name} is not JSON: choose a file made by “Download JSON”. Nothing was imported.`);
      }
      const result = await api.importLibrary(archive);
      setDone(`Imported ${result.titles} titles with ${result.trophies} trophy states.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="card" aria-labelledby="library-file-title">
      <h3 id="library-file-title">Your library as a file</h3>
      <p className="muted">Everything Trophyroom keeps of your library, every trophy with its date, including titles PSN no longer lists.</p>
      <div className="actions">
        <a className="button" href={api.exportUrl('json')} download>
          Download JSON
        </a>
        <a className="button" href={api.exportUrl('csv')} download>
          Download CSV
        </a>
      </div>
      <div className="field">
        <label htmlFor="library-import">Import a JSON export (into an empty library only)</label>
        <input id="library-import" type="file" accept="application/json,.json" disabled={busy} onChange={(e) => void importFile(e.target.files?.[0])} />
      </div>
      {done && (
        <p className="callout callout--info" role="status">
          {done}
        </p>
      )}
      <ErrorMessage error={error} />
    </article>
  );
}
