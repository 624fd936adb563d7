/**
 * Saves one after another, each once the one before has settled — failed or not, so one failed
 * save does not stop the later ones. Never rejects: the first failure goes to `onFailure`, and only
 * the first (the later ones would say the same again).
 * @module
 */

export function saveInTurn<T>(save: (value: T) => unknown, onFailure: (error: unknown) => void): (value: T) => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  let reported = false;
  return (value) => {
    last = last
      .then(() => save(value))
      .then(
        () => undefined,
        (error: unknown) => {
          if (reported) return;
          reported = true;
          onFailure(error);
        },
      );
    return last;
  };
}
