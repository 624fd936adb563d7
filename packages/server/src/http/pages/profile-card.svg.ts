/**
 * A shared profile's image card (1200×630, the size link previews use): the name, level, points,
 * platinums and trophy counts, drawn as SVG text on the server — small (about 2 KB), no fonts or
 * images fetched, nothing secret in it.
 * @module
 */
import type { PublicProfile } from '../../services/public-profile.service.ts';
import { escapeHtml } from './escape.ts';

const COLORS = { platinum: '#7fb2e5', gold: '#d4a93c', silver: '#b8b8b8', bronze: '#c07a45' } as const;

export function profileCardSvg(p: PublicProfile): string {
  const name = p.name.length > 24 ? `${p.name.slice(0, 23)}…` : p.name;
  const counts = (['platinum', 'gold', 'silver', 'bronze'] as const)
    .map(
      (type, i) =>
        `<g transform="translate(${80 + i * 270} 430)"><circle cx="28" cy="28" r="28" fill="${COLORS[type]}"/><text x="72" y="44" class="n">${p.earned[type].toLocaleString('en-US')}</text><text x="72" y="84" class="l">${type}</text></g>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630" role="img" aria-label="${escapeHtml(`${p.name}: level ${p.level}, ${p.platinums} platinums`)}">
<style>text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;fill:#f4f6fb}.t{font-size:76px;font-weight:700}.s{font-size:40px;fill:#b9c3d9}.n{font-size:44px;font-weight:700}.l{font-size:26px;fill:#b9c3d9}.b{font-size:30px;font-weight:600;fill:#7fb2e5}</style>
<rect width="1200" height="630" fill="#131a2a"/><rect y="600" width="1200" height="30" fill="#2b5fad"/>
<text x="80" y="110" class="b">TROPHYROOM</text>
<text x="80" y="220" class="t">${escapeHtml(name)}</text>
<text x="80" y="300" class="s">Level ${p.level} · ${p.points.toLocaleString('en-US')} points · ${p.games.toLocaleString('en-US')} games · ${p.completed.toLocaleString('en-US')} completed</text>
${counts}
</svg>`;
}
