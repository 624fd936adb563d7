/**
 * Settings → Connected accounts: the PlayStation card.
 * @module
 */
import { PsnCard } from './psn-card.tsx';

export function SettingsPage() {
  return (
    <section className="page--narrow">
      <h1>Settings</h1>
      <h2 id="connected-accounts">Connected accounts</h2>
      <PsnCard />
    </section>
  );
}
