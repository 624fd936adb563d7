/**
 * An error in plain words, announced to screen readers.
 * @module
 */
import { errorText } from '../../format/error-text.ts';

export function ErrorMessage({ error, id }: { error: unknown; id?: string }) {
  if (!error) return null;
  return (
    <p className="error" role="alert" id={id}>
      {typeof error === 'string' ? error : errorText(error)}
    </p>
  );
}
