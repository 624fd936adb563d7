/**
 * Any path the app does not know.
 * @module
 */
import { Link } from '../../router/link.tsx';

export function NotFoundPage() {
  return (
    <section className="page--narrow">
      <h1>Page not found</h1>
      <p>
        There is nothing here. Go to your <Link href="/">library</Link>.
      </p>
    </section>
  );
}
