/**
 * The platforms a trophy set covers, as small text badges (PS5, PS4, PS3, Vita, PC).
 * @module
 */

const names: Record<string, string> = { PSVITA: 'Vita', PSPC: 'PC' };

export function PlatformBadges({ platforms }: { platforms: string[] }) {
  return (
    <ul className="platforms" aria-label="Platforms">
      {platforms.map((platform) => (
        <li key={platform} className={`platform platform--${platform.toLowerCase()}`}>
          {names[platform] ?? platform}
        </li>
      ))}
    </ul>
  );
}
