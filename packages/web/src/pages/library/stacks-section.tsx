/**
 * The library's stacks: one card per game whose PS3/PS4/PS5/Vita lists were stacked (matching
 * trophy sets, or joined by hand), with every version's progress side by side. Each list also
 * stays a game of its own below; nothing is merged away.
 * @module
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Stack } from '../../api/types.ts';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';
import { GameIcon } from '../../components/game-icon/game-icon.tsx';
import { StackVersions } from '../../components/stack-versions/stack-versions.tsx';

const PAGE = 24;

export function StacksSection() {
  const [stacks, setStacks] = useState<Stack[]>([]);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<number | null>(0);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    (offset: number) =>
      api.stacks({ limit: PAGE, offset }).then(
        (page) => {
          setStacks((shown) => (offset === 0 ? page.items : [...shown, ...page.items]));
          setTotal(page.total);
          setNext(page.nextOffset);
        },
        (caught: unknown) => setError(caught),
      ),
    [],
  );
  useEffect(() => {
    void load(0);
  }, [load]);

  if (error) return <ErrorMessage error={error} />;
  if (total === 0) return null;
  return (
    <section className="stacks" aria-labelledby="stacks-heading">
      <h2 id="stacks-heading">
        Stacks <span className="muted">({total})</span>
      </h2>
      <p className="muted">The same game on several platforms: its lists side by side, found by their trophy sets.</p>
      <ul className="stack-cards" aria-label="Stacks">
        {stacks.map((stack) => (
          <li key={stack.id} className="stack-card card" data-stack={stack.id}>
            <div className="stack-card__head">
              <GameIcon src={stack.iconUrl} size={56} />
              <div>
                <h3 className="game__name">{stack.name}</h3>
                <p className="muted">
                  {stack.versions.length} versions{stack.joinedByHand ? ' · joined by hand' : ''}
                </p>
              </div>
            </div>
            <StackVersions stack={stack} />
          </li>
        ))}
      </ul>
      {next !== null && (
        <button type="button" className="button" onClick={() => void load(next)}>
          Show more stacks ({stacks.length} of {total})
        </button>
      )}
    </section>
  );
}
