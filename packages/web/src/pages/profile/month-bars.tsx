/**
 * Trophies per month as bars in plain SVG (theme colours), with the figures as a table.
 * @module
 */
import type { Profile } from '../../api/types.ts';

const BAR = 24;
const GAP = 8;
const HEIGHT = 120;

const monthName = (month: string, style: 'short' | 'long') =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString(undefined, { month: style, year: style === 'long' ? 'numeric' : '2-digit', timeZone: 'UTC' });

export function MonthBars({ months }: { months: Profile['months'] }) {
  const max = Math.max(1, ...months.map((m) => m.count));
  const width = months.length * (BAR + GAP);
  const busiest = months.reduce((best, m) => (m.count > best.count ? m : best), months[0] ?? { month: '', count: 0 });
  return (
    <figure className="months">
      <svg
        viewBox={`0 0 ${width} ${HEIGHT + 34}`}
        role="img"
        aria-label={`Trophies per month, ${months.length} months: the most in ${busiest.month ? monthName(busiest.month, 'long') : '—'} (${busiest.count}).`}
        className="months__svg"
      >
        {months.map((m, i) => {
          const h = Math.round((m.count / max) * HEIGHT);
          const x = i * (BAR + GAP);
          return (
            <g key={m.month}>
              <rect x={x} y={HEIGHT - h + 14} width={BAR} height={Math.max(h, 1)} rx={3} className="bar">
                <title>{`${monthName(m.month, 'long')}: ${m.count}`}</title>
              </rect>
              <text x={x + BAR / 2} y={HEIGHT - h + 10} textAnchor="middle" className="chart__value">
                {m.count}
              </text>
              <text x={x + BAR / 2} y={HEIGHT + 30} textAnchor="middle" className="chart__label">
                {monthName(m.month, 'short').split(' ')[0]}
              </text>
            </g>
          );
        })}
      </svg>
      <details className="chart__table">
        <summary>Trophies per month as a table</summary>
        <table>
          <caption className="visually-hidden">Trophies earned per month</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Trophies</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month}>
                <td>{monthName(m.month, 'long')}</td>
                <td>{m.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
