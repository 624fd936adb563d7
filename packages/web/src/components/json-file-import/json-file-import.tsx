/**
 * A Settings card's import of a JSON file: the file is read and parsed (one that is not JSON is
 * refused in the card's words, nothing sent), sent, and the outcome shown under the field as a
 * status line or the error. The state is a hook so a card can show its own errors in the same place.
 * @module
 */
import { useState } from 'react';
import { ErrorMessage } from '../error-message/error-message.tsx';

export interface JsonFileImportOptions {
  /** Said after "<file> is not JSON: " — what a good file is, and that nothing changed. */
  notJson: string;
  /** Sends the parsed file; resolves with the status line to show. */
  send(json: unknown): Promise<string>;
  /** Runs once the status line shows (a card reloading what the import changed). */
  after?(): Promise<void>;
}

export interface JsonFileImport {
  busy: boolean;
  done: string | null;
  error: unknown;
  setError(error: unknown): void;
  importFile(file: File | undefined): Promise<void>;
}

export function useJsonFileImport({ notJson, send, after }: JsonFileImportOptions): JsonFileImport {
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      let json: unknown;
      try {
        json = JSON.parse(await file.text());
      } catch {
        throw new Error(`${file.name} is not JSON: ${notJson}`);
      }
      setDone(await send(json));
      await after?.();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return { busy, done, error, setError, importFile };
}

export interface JsonFileFieldProps {
  id: string;
  label: string;
  state: JsonFileImport;
}

/** The file field, then the status line or the error. */
export function JsonFileField({ id, label, state }: JsonFileFieldProps) {
  return (
    <>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input id={id} type="file" accept="application/json,.json" disabled={state.busy} onChange={(e) => void state.importFile(e.target.files?.[0])} />
      </div>
      {state.done && (
        <p className="callout callout--info" role="status">
          {state.done}
        </p>
      )}
      <ErrorMessage error={state.error} />
    </>
  );
}
