/**
 * Settings → Sharing: the public profile, off by default. On, it shows the page's address (anyone
 * with it can see your games, stats and platinums — secret trophies stay hidden); off kills the
 * address, and on again makes a new one.
 * @module
 */
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Sharing } from '../../api/types.ts';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';

export function SharingCard() {
  const [sharing, setSharing] = useState<Sharing | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.sharing().then((r) => setSharing(r.sharing), setError);
  }, []);
  const toggle = async () => {
    setError(null);
    try {
      setSharing((await (sharing?.enabled ? api.disableSharing() : api.enableSharing())).sharing);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <article className="card" aria-labelledby="sharing-title">
      <h3 id="sharing-title">Public profile</h3>
      <p className="muted">
        A read-only page of your games, level, points and platinum cabinet that anyone with its address can open, signed out. Secret trophies stay hidden. No
        account id or token is on it.
      </p>
      {sharing?.enabled && sharing.url && (
        <p className="share-url">
          <a href={sharing.url} target="_blank" rel="noreferrer">
            {sharing.url}
          </a>
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={sharing?.enabled ?? false} disabled={!sharing} onChange={() => void toggle()} />
        Share my profile (turning it off kills the address; on again makes a new one)
      </label>
      <ErrorMessage error={error} />
    </article>
  );
}
