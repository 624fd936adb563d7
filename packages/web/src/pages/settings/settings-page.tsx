/**
 * Settings: Connected accounts (the PlayStation card), Notifications (webhooks), Sharing (the
 * public profile) and the library as a file (export, import).
 * @module
 */
import { LibraryFileCard } from './library-file-card.tsx';
import { UnobtainableCard } from './unobtainable-card.tsx';
import { PsnCard } from './psn-card.tsx';
import { SharingCard } from './sharing-card.tsx';
import { WebhooksCard } from './webhooks-card.tsx';

export function SettingsPage() {
  return (
    <section className="page--narrow">
      <h1>Settings</h1>
      <h2 id="connected-accounts">Connected accounts</h2>
      <PsnCard />
      <h2 id="notifications">Notifications</h2>
      <WebhooksCard />
      <h2 id="sharing">Sharing</h2>
      <SharingCard />
      <h2 id="library-file">Your library</h2>
      <LibraryFileCard />
      <UnobtainableCard />
    </section>
  );
}
