/**
 * The shared profile outside the API: `/u/{token}` (HTML), `/u/{token}/card.svg` (the image card,
 * embeddable elsewhere) and `/share.css`. A token that shares nothing gets a 404 page. Their icons
 * are served under the share (`/api/public/profiles/{token}/images/…`, the sharing routes).
 * @module
 */
import type { Hono } from 'hono';
import { ServiceError } from '../../services/service-error.ts';
import type { AppEnv } from '../context.ts';
import type { AppDeps } from '../deps.ts';
import { SHARED_PAGE_CONTENT_SECURITY_POLICY, securityHeaders } from '../middleware/security-headers.ts';
import { profileCardSvg } from './profile-card.svg.ts';
import { NOT_SHARED_HTML, publicProfileHtml, SHARE_CSS } from './public-profile.html.ts';

export function sharedPages(app: Hono<AppEnv>, { publicProfile, identity }: Pick<AppDeps, 'publicProfile' | 'identity'>): void {
  const profileOf = async (token: string) => {
    try {
      return await publicProfile.profile(token);
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'not_found') return undefined;
      throw error;
    }
  };

  // Set here, so the app-wide policy (which keeps what it finds) leaves it: these pages show images from our origin only.
  app.use('/u/*', securityHeaders(SHARED_PAGE_CONTENT_SECURITY_POLICY));

  app.get('/share.css', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(SHARE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  app.get('/u/:token', async (c) => {
    c.header('X-Robots-Tag', 'noindex');
    c.header('Cache-Control', 'no-store');
    const token = c.req.param('token');
    const profile = await profileOf(token);
    if (!profile) return c.html(NOT_SHARED_HTML, 404);
    const page = `${identity.expectedOrigin(c)}/u/${token}`;
    return c.html(publicProfileHtml(profile, { page, card: `${page}/card.svg` }));
  });

  app.get('/u/:token/card.svg', async (c) => {
    const profile = await profileOf(c.req.param('token'));
    if (!profile) return c.body('Not shared', 404, { 'Content-Type': 'text/plain; charset=utf-8' });
    // Link previews and other sites may show the card; it says only what the page says.
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(profileCardSvg(profile), 200, { 'Content-Type': 'image/svg+xml; charset=utf-8' });
  });
}
