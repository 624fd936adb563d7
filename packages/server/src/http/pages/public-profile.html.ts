/**
 * A shared profile as an HTML page, rendered on the server so it reads signed out and link
 * previews (which run no script) find its title, description and image card (`og:*`, Twitter
 * card). No script; its stylesheet is the server's own (`/share.css`), so the site's
 * Content-Security-Policy holds. Secret trophies arrive masked from the service.
 * @module
 */
import type { PublicProfile } from '../../services/public-profile.service.ts';
import { escapeHtml as e } from './escape.ts';

const date = (iso: string | null) => (iso ? iso.slice(0, 10) : '');
// No icon on our origin (its host is none we fetch from): an empty tile, never a request elsewhere.
const icon = (url: string | null, size: number) =>
  url ? `<img src="${e(url)}" alt="" width="${size}" height="${size}" loading="lazy">` : `<span class="noicon noicon--${size}" aria-hidden="true"></span>`;
const counts = (c: PublicProfile['earned']) =>
  `<span class="c c--p">${c.platinum}</span><span class="c c--g">${c.gold}</span><span class="c c--s">${c.silver}</span><span class="c c--b">${c.bronze}</span>`;

export function publicProfileHtml(p: PublicProfile, urls: { page: string; card: string }): string {
  const description = `Level ${p.level} · ${p.points.toLocaleString('en-US')} points · ${p.platinums} platinums · ${p.games} games on Trophyroom`;
  const games = p.recentGames
    .map(
      (g) =>
        `<li class="game">${icon(g.iconUrl, 64)}<div><h3>${e(g.name)}</h3><p class="muted">${e(g.platforms.join(' · '))}${g.platinumEarned ? ' · <strong>Platinum</strong>' : ''}</p><div class="bar" role="progressbar" aria-label="Progress" aria-valuenow="${g.progress}" aria-valuemin="0" aria-valuemax="100"><span class="bar__fill w${Math.round(g.progress / 5) * 5}"></span></div><p class="muted">${g.progress}% · ${counts(g.earned)}</p></div></li>`,
    )
    .join('');
  const cabinet = p.platinumCabinet
    .map((g) => `<li class="plat">${icon(g.iconUrl, 56)}<span>${e(g.name)}</span><time datetime="${e(g.earnedAt ?? '')}">${e(date(g.earnedAt))}</time></li>`)
    .join('');
  const trophies = p.recentTrophies
    .map(
      (t) =>
        `<li class="trophy${t.masked ? ' trophy--secret' : ''}"><span class="c c--${t.type[0]}" aria-label="${t.type}"></span><div><strong>${e(t.name)}</strong>${t.detail ? `<p>${e(t.detail)}</p>` : ''}<p class="muted">${e(t.game)} · <time datetime="${e(t.earnedAt ?? '')}">${e(date(t.earnedAt))}</time></p></div></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${e(p.name)} · Trophyroom</title>
<meta name="description" content="${e(description)}">
<meta property="og:type" content="profile">
<meta property="og:title" content="${e(p.name)} on Trophyroom">
<meta property="og:description" content="${e(description)}">
<meta property="og:url" content="${e(urls.page)}">
<meta property="og:image" content="${e(urls.card)}">
<meta property="og:image:type" content="image/svg+xml">
<meta property="og:image:width" content="1200">
<meta property="og:image:height" content="630">
<meta name="twitter:card" content="summary_large_image">
<link rel="stylesheet" href="/share.css">
</head>
<body>
<main class="profile">
<header><p class="brand">Trophyroom</p><h1>${e(p.name)}</h1><p class="lead">${e(description)}</p><p class="totals">${counts(p.earned)}</p></header>
<section><h2>Platinum cabinet</h2>${cabinet ? `<ul class="cabinet">${cabinet}</ul>` : '<p class="muted">No platinum yet.</p>'}</section>
<section><h2>Latest trophies</h2>${trophies ? `<ul class="trophies">${trophies}</ul>` : '<p class="muted">No trophies yet.</p>'}</section>
<section><h2>Games</h2>${games ? `<ul class="games">${games}</ul>` : '<p class="muted">No games imported yet.</p>'}</section>
</main>
</body>
</html>`;
}

export const NOT_SHARED_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Not shared · Trophyroom</title><link rel="stylesheet" href="/share.css"></head>
<body><main class="profile"><h1>Not shared</h1><p>No profile is shared at this address: it was never shared, or its owner turned sharing off.</p></main></body></html>`;

/** The page's stylesheet (light and dark), served at `/share.css`. */
export const SHARE_CSS = `:root{color-scheme:light dark;--bg:#f6f7fb;--fg:#171c28;--muted:#5b6475;--card:#fff;--line:#dfe3ec;--accent:#2b5fad}
@media (prefers-color-scheme:dark){:root{--bg:#0f1420;--fg:#eef1f7;--muted:#a3adbf;--card:#182033;--line:#2a3550;--accent:#7fb2e5}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.profile{max-width:960px;margin:0 auto;padding:32px 20px}.brand{color:var(--accent);font-weight:700;letter-spacing:.08em;text-transform:uppercase;margin:0}
h1{font-size:2.2rem;margin:.2em 0}.lead{color:var(--muted);margin:0 0 .5em}.muted{color:var(--muted);margin:.2em 0;font-size:.9rem}
section{margin-top:32px}h2{font-size:1.2rem;border-bottom:1px solid var(--line);padding-bottom:6px}ul{list-style:none;padding:0;margin:0}
.c{display:inline-block;min-width:2.2em;margin-right:.6em;font-weight:600}.c::before{content:"";display:inline-block;width:.8em;height:.8em;border-radius:50%;margin-right:.3em;vertical-align:-.05em}
.c--p::before{background:#7fb2e5}.c--g::before{background:#d4a93c}.c--s::before{background:#a8a8a8}.c--b::before{background:#c07a45}
.games{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:12px}.game{display:flex;gap:12px;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px}
.game img,.plat img,.noicon{border-radius:8px;object-fit:cover;background:var(--line)}.noicon{display:block;flex:none}.noicon--64{width:64px;height:64px}.noicon--56{width:56px;height:56px}.game h3{font-size:1rem;margin:0}
.bar{height:6px;background:var(--line);border-radius:3px;overflow:hidden;margin:6px 0}.bar__fill{display:block;height:100%;background:var(--accent)}
${Array.from({ length: 21 }, (_, i) => `.w${i * 5}{width:${i * 5}%}`).join('')}
.cabinet{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px}.plat{display:flex;flex-direction:column;gap:4px;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px;font-size:.9rem}
.plat time{color:var(--muted);font-size:.8rem}.trophies li{display:flex;gap:10px;padding:8px 0;border-bottom:1px solid var(--line)}.trophies p{margin:.1em 0}
.trophy--secret strong{font-style:italic;color:var(--muted)}
`;
