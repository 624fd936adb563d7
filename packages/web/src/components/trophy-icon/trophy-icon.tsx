/**
 * A trophy cup drawn in SVG (emoji fonts are not everywhere), in the current text colour.
 * Decorative: the text beside it says what it means.
 * @module
 */

export function TrophyIcon({ size = 18 }: { size?: number }) {
  return (
    <svg className="trophy-icon" width={size} height={size} viewBox="0 0 24 24" fill="currentColor" aria-hidden="true" focusable="false">
      <path d="M7 3h10v2h3v3a4 4 0 0 1-4 4h-.3A5 5 0 0 1 13 14.9V18h3v3H8v-3h3v-3.1A5 5 0 0 1 8.3 12H8a4 4 0 0 1-4-4V5h3V3Zm0 4H6v1a2 2 0 0 0 1 1.7V7Zm10 0v2.7A2 2 0 0 0 18 8V7h-1Z" />
    </svg>
  );
}
