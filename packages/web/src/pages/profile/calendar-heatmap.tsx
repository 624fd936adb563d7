/**
 * Trophies earned per day over the last year as a calendar (a column per week, Monday on top),
 * drawn in plain SVG with the theme's colours; the same days as a table for screen readers and
 * for anyone who would rather read figures.
 * @module
 */
import type { Profile } from '../../api/types.ts';
import { formatDate } from '../../format/dates.ts';

const DAY = 86_400_000;
const CELL = 12;
const GAP = 3;
const TOP = 16;

/** The shade (0–4) of a day's count against the busiest day. */
function levelOf(count: number, max: number): number {
  if (count === 0 || max === 0) return 0;
  return Math.min(4, 1 + Math.floor(((count - 1) / max) * 4));
}

export function CalendarHeatmap({ calendar }: { calendar: Profile['calendar'] }) {
  const counts = new Map(calendar.days.map((d) => [d.date, d.count]));
  const start = Date.parse(`${calendar.from}T00:00:00Z`);
  const end = Date.parse(`${calendar.to}T00:00:00Z`);
  // Weeks start on Monday: the first column begins on the Monday on or before `from`.
  const offset = (new Date(start).getUTCDay() + 6) % 7;
  const cells: Array<{ date: string; count: number; x: number; y: number }> = [];
  const months: Array<{ x: number; label: string }> = [];
  for (let t = start, i = offset; t <= end; t += DAY, i++) {
    const date = new Date(t).toISOString().slice(0, 10);
    const x = Math.floor(i / 7) * (CELL + GAP);
    cells.push({ date, count: counts.get(date) ?? 0, x, y: TOP + (i % 7) * (CELL + GAP) });
    if (date.endsWith('-01') || t === start) months.push({ x, label: new Date(t).toLocaleDateString(undefined, { month: 'short', timeZone: 'UTC' }) });
  }
  const width = (Math.floor((cells.length + offset - 1) / 7) + 1) * (CELL + GAP);
  const height = TOP + 7 * (CELL + GAP);
  const busiest = calendar.days.reduce<{ date: string; count: number } | null>((best, d) => (!best || d.count > best.count ? d : best), null);
  const summary = `${calendar.total.toLocaleString()} trophies on ${calendar.days.length} days between ${formatDate(calendar.from)} and ${formatDate(calendar.to)}${
    busiest ? `; the busiest day ${formatDate(busiest.date)} with ${busiest.count}` : ''
  }.`;
  return (
    <figure className="heatmap">
      <div className="heatmap__scroll">
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Calendar of trophies per day: ${summary}`} className="heatmap__svg">
          {months
            .filter((m, i) => i === 0 || m.x - (months[i - 1]?.x ?? 0) > 2 * CELL)
            .map((m) => (
              <text key={`${m.x}-${m.label}`} x={m.x} y={10} className="chart__label">
                {m.label}
              </text>
            ))}
          {cells.map((c) => (
            <rect key={c.date} x={c.x} y={c.y} width={CELL} height={CELL} rx={2} className={`heat heat--${levelOf(c.count, calendar.max)}`}>
              <title>{`${formatDate(c.date)}: ${c.count} ${c.count === 1 ? 'trophy' : 'trophies'}`}</title>
            </rect>
          ))}
        </svg>
      </div>
      <figcaption className="muted">
        {summary}{' '}
        <span className="heatmap__legend" aria-hidden="true">
          Less{' '}
          {[0, 1, 2, 3, 4].map((l) => (
            <span key={l} className={`heat-swatch heat--${l}`} />
          ))}{' '}
          More
        </span>
      </figcaption>
      <details className="chart__table">
        <summary>Trophies per day as a table</summary>
        <table>
          <caption className="visually-hidden">Days with trophies earned in the last year</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Trophies</th>
            </tr>
          </thead>
          <tbody>
            {calendar.days.map((d) => (
              <tr key={d.date}>
                <td>
                  <time dateTime={d.date}>{formatDate(d.date)}</time>
                </td>
                <td>{d.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
