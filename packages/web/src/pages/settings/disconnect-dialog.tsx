/**
 * Disconnect, asking first whether the imported PlayStation data goes too.
 * @module
 */
import { useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';

export function DisconnectDialog({ onDisconnected }: { onDisconnected: () => Promise<void> }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [wipe, setWipe] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.disconnect(wipe);
      dialog.current?.close();
      await onDisconnected();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="button button--danger" onClick={() => dialog.current?.showModal()}>
        Disconnect
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby="disconnect-title" aria-describedby="disconnect-text">
        <h2 id="disconnect-title">Disconnect PlayStation?</h2>
        <p id="disconnect-text">Trophyroom deletes its tokens at once and stops syncing. You can connect again later with a new NPSSO.</p>
        <fieldset className="choice">
          <legend>Your imported games and trophies</legend>
          <label className="check">
            <input type="radio" name="wipe" checked={!wipe} onChange={() => setWipe(false)} />
            Keep them in Trophyroom
          </label>
          <label className="check">
            <input type="radio" name="wipe" checked={wipe} onChange={() => setWipe(true)} />
            Delete them too
          </label>
        </fieldset>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="button" className="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="button" className="button button--danger" disabled={busy} onClick={() => void confirm()}>
            {busy ? 'Disconnecting…' : wipe ? 'Disconnect and delete data' : 'Disconnect'}
          </button>
        </div>
      </dialog>
    </>
  );
}
