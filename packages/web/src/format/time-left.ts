/**
 * A run's time left in words, rounded as a person would say it: "about 14 h left", "about 3 days
 * left", "less than a minute left".
 * @module
 */

/** The estimate in words; null when there is none. */
export function formatTimeLeft(seconds: number | null): string | null {
  if (seconds === null) return null;
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const hours = Math.round(seconds / 3600);
  if (hours < 48) return `about ${hours} h left`;
  return `about ${Math.round(seconds / 86_400)} days left`;
}
