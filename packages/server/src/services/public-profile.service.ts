/**
 * A shared profile as a signed-out visitor gets it: every icon at our own origin, under the share
 * (`/api/public/profiles/{token}/images/{source}/{ref}`), so the visitor's browser never asks Sony;
 * and those images served to anyone holding the token — only the ones the profile shows, so the
 * token is no open proxy to Sony's image hosts and a secret trophy's icon stays withheld.
 * @module
 */
import type { ArtworkService, Image } from './artwork.service.ts';
import { ServiceError } from './service-error.ts';
import type { SharedProfile, SharingService } from './sharing.service.ts';

export interface PublicProfileDeps {
  sharing: Pick<SharingService, 'profile' | 'icons'>;
  artwork: Pick<ArtworkService, 'imageRef' | 'localUrl' | 'image'>;
}

/** A shared profile with its icons on our origin (null: an icon on no host we fetch from, shown as none). */
export type PublicProfile = SharedProfile;

/** Where the images of the profile shared under `token` are served. */
export const publicImagesBase = (token: string) => `/api/public/profiles/${encodeURIComponent(token)}/images`;

const notShown = () => new ServiceError('not_found', 'There is no such image on this shared profile.');

export class PublicProfileService {
  constructor(private readonly deps: PublicProfileDeps) {}

  /** The profile shared under `token`, its icons under the share; `not_found` when nothing is shared there. */
  async profile(token: string): Promise<PublicProfile> {
    const profile = await this.deps.sharing.profile(token);
    const base = publicImagesBase(token);
    const local = <T extends { iconUrl: string | null }>(shown: T): T => ({ ...shown, iconUrl: this.deps.artwork.localUrl(shown.iconUrl, base) });
    return {
      ...profile,
      platinumCabinet: profile.platinumCabinet.map(local),
      recentGames: profile.recentGames.map(local),
      recentTrophies: profile.recentTrophies.map(local),
    };
  }

  /** One image the profile shared under `token` shows; `not_found` for any other, and for a token that shares nothing. */
  async image(token: string, source: string, ref: string): Promise<Image> {
    const icons = await this.deps.sharing.icons(token);
    const wanted = `${source}/${ref}`;
    if (![...icons].some((url) => this.deps.artwork.imageRef(url) === wanted)) throw notShown();
    return this.deps.artwork.image(source, ref);
  }
}
