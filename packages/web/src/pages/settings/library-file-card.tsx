/**
 * Settings → Your library: download it whole (JSON, which imports back, or CSV for spreadsheets),
 * and import a JSON export into an empty library. The server checks the file whole and says what
 * is wrong; a bad file changes nothing.
 * @module
 */
import { api } from '../../api/client.ts';
import { JsonFileField, useJsonFileImport } from '../../components/json-file-import/json-file-import.tsx';

export function LibraryFileCard() {
  const imports = useJsonFileImport({
    notJson: 'choose a file made by “Download JSON”. Nothing was imported.',
    send: async (archive) => {
      const result = await api.importLibrary(archive);
      return `Imported ${result.titles} titles with ${result.trophies} trophy states.`;
    },
  });

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
      <JsonFileField id="library-import" label="Import a JSON export (into an empty library only)" state={imports} />
    </article>
  );
}
