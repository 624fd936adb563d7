/** A span of time as a hunter says it: "3 days", "5 h", "40 min". */
export function formatDuration(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  if (days >= 2) return `${days.toLocaleString()} days`;
  const hours = Math.floor(seconds / 3600);
  if (hours >= 1) return `${hours} h`;
  return `${Math.max(1, Math.round(seconds / 60))} min`;
}
