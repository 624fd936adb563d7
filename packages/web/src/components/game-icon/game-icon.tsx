/**
 * A game or trophy icon, lazy-loaded, with a neutral tile when Sony gives none or it fails.
 * @module
 */
import { useState } from 'react';

export function GameIcon({ src, size = 64, alt = '' }: { src: string | null | undefined; size?: number; alt?: string }) {
  const [failed, setFailed] = useState(false);
  if (!src || failed) return <span className="icon icon--empty" style={{ width: size, height: size }} aria-hidden={alt ? undefined : true} />;
  return (
    <img
      className="icon"
      src={src}
      alt={alt}
      width={size}
      height={size}
      loading="lazy"
      decoding="async"
      referrerPolicy="no-referrer"
      onError={() => setFailed(true)}
    />
  );
}
