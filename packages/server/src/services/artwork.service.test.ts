import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArtworkService } from './artwork.service.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An artwork service whose image host answers `answer`, counting requests. */
function withHost(answer: (url: string) => Response) {
  const dir = mkdtempSync(join(tmpdir(), 'trophyroom-artwork-'));
  dirs.push(dir);
  const asked: string[] = [];
  const artwork = new ArtworkService({
    dir,
    psnOrigin: 'http://127.0.0.1:9999/api',
    maxBytes: 64,
    fetch: (async (input: string | URL | Request) => {
      asked.push(String(input));
      return answer(String(input));
    }) as typeof fetch,
  });
  const ref = (url: string) => (artwork.localUrl(url) as string).split('/').slice(-2) as [string, string];
  return { artwork, asked, dir, ref };
}

describe('artwork: fetched once from allowed hosts, checked, kept on disk', () => {
  it('maps Sony hosts and the PSN origin to our URLs, and nothing else', () => {
    const { artwork } = withHost(() => new Response(PNG));
    expect(artwork.localUrl('https://image.api.playstation.com/trophy/np/A_00B/C.PNG')).toMatch(/^\/api\/images\/image-api\//);
    expect(artwork.localUrl('http://127.0.0.1:9999/psnobj/NPWR1/X.PNG')).toMatch(/^\/api\/images\/psn\//);
    expect(artwork.localUrl('https://evil.example/x.png')).toBeNull();
    expect(artwork.localUrl('https://image.api.playstation.com.evil.example/x.png')).toBeNull();
    expect(artwork.localizeJson('{"iconUrl":"https://evil.example/x.png","a":"https://psnobj.prod.dl.playstation.net/psnobj/N/X.PNG"}')).toMatch(
      /^\{"iconUrl":"https:\/\/evil\.example\/x\.png","a":"\/api\/images\/psnobj\/[A-Za-z0-9_-]+"\}$/,
    );
  });

  it('fetches an image once, even when asked twice at once', async () => {
    const { artwork, asked, ref } = withHost(() => new Response(PNG, { headers: { 'content-type': 'image/png' } }));
    const [source, key] = ref('https://image.api.playstation.com/trophy/np/A/B.PNG');
    const [a, b] = await Promise.all([artwork.image(source, key), artwork.image(source, key)]);
    expect(Buffer.from(a.body).equals(PNG)).toBe(true);
    expect(b.contentType).toBe('image/png');
    await artwork.image(source, key);
    expect(asked).toEqual(['https://image.api.playstation.com/trophy/np/A/B.PNG']);
  });

  it('refuses an image over the size limit, a type that is not an image, bytes that lie about their type, and redirects', async () => {
    const cases: Array<[Response, RegExp]> = [
      [new Response(Buffer.alloc(65, 0x89), { headers: { 'content-type': 'image/png' } }), /larger than 64 bytes/],
      [new Response('<svg onload="alert(1)"/>', { headers: { 'content-type': 'image/svg+xml' } }), /not a PNG/],
      [new Response('<html>', { headers: { 'content-type': 'image/png' } }), /not the image\/png/],
      [new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/' } }), /answered 302/],
    ];
    for (const [response, message] of cases) {
      const { artwork, dir, ref } = withHost(() => response);
      const [source, key] = ref('https://image.api.playstation.com/x/y.png');
      await expect(artwork.image(source, key)).rejects.toMatchObject({ code: 'image_unavailable', message: expect.stringMatching(message) });
      expect(readdirSync(dir)).toEqual([]);
    }
  });
});
