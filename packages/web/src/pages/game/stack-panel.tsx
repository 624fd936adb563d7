/**
 * A game's stack on its page: its other versions (PS3/PS4/PS5/Vita lists of the same game) with
 * their progress, a button to split it off a wrong stack, and a form to join another list by hand.
 * @module
 */
import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/api-error.ts';
import type { Stack } from '../../api/types.ts';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';
import { StackVersions } from '../../components/stack-versions/stack-versions.tsx';

export function StackPanel({ id }: { id: string }) {
  const [stack, setStack] = useState<Stack | null | undefined>(undefined);
  const [other, setOther] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');

  useEffect(() => {
    let live = true;
    setStack(undefined);
    api.gameStack(id).then(
      (answer) => live && setStack(answer.stack),
      (caught: unknown) => live && setError(caught),
    );
    return () => {
      live = false;
    };
  }, [id]);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const split = () =>
    act(async () => {
      await api.splitStack(id);
      setStack(null);
      setNote('Split off: this list now stands alone.');
    });
  const join = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const answer = await api.joinStack([id, other.trim()]);
      setStack(answer.stack);
      setOther('');
      setNote('Joined by hand.');
    });
  };

  if (stack === undefined && !error) return null;
  return (
    <section className="stack-panel card" aria-labelledby="stack-heading">
      <h2 id="stack-heading">{stack ? 'Versions of this game' : 'Other versions'}</h2>
      {stack ? (
        <>
          <p className="muted">{stack.joinedByHand ? 'Stacked by hand.' : 'Stacked because their trophy sets match.'} Each list keeps its own trophies.</p>
          <StackVersions stack={stack} current={id} />
          <button type="button" className="button" disabled={busy} onClick={() => void split()}>
            Split this list from the stack
          </button>
        </>
      ) : (
        <p className="muted">No other list of this game in your library has the same trophy set.</p>
      )}
      <form className="stack-join" onSubmit={join}>
        <div className="field field--inline">
          <label htmlFor="stack-join-id">Stack with another list (its id, NPWR…)</label>
          <input id="stack-join-id" value={other} onChange={(event) => setOther(event.target.value)} placeholder="NPWR12345_00" required />
        </div>
        <button type="submit" className="button" disabled={busy || other.trim() === ''}>
          Join
        </button>
      </form>
      {/* The server names the ids it does not know: its words say more than a general message. */}
      <ErrorMessage error={isApiError(error) && error.code === 'unknown_titles' ? error.message : error} />
      {note && !error && (
        <p className="muted" role="status">
          {note}
        </p>
      )}
    </section>
  );
}
