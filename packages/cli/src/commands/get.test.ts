import { describe, expect, it } from 'vitest';
import { resolveTarget } from './get.ts';

describe('get: which host serves a path', () => {
  it("picks Sony's host from the path, or keeps a full URL's", () => {
    expect(resolveTarget('/api/trophy/v1/users/me/trophySummary', undefined, false)).toEqual({
      origin: 'https://m.np.playstation.com',
      path: '/api/trophy/v1/users/me/trophySummary',
    });
    expect(resolveTarget('api/v1/devices/accounts/me', undefined, false).origin).toBe('https://dms.api.playstation.com');
    expect(resolveTarget('/trophy/v1/trophyTitles?platform=PS4', undefined, false).origin).toBe('https://gb-tpy.np.community.playstation.net');
    expect(resolveTarget('/userProfile/v1/users/x/profile2', undefined, false).origin).toBe('https://us-prof.np.community.playstation.net');
    expect(resolveTarget('/api/graphql/v1/op?x=1', undefined, true).origin).toBe('https://web.np.playstation.com');
    expect(resolveTarget('https://de-tpy.np.community.playstation.net/trophy/v1/trophyTitles?a=1', undefined, false)).toEqual({
      origin: 'https://de-tpy.np.community.playstation.net',
      path: '/trophy/v1/trophyTitles?a=1',
    });
  });
  it('sends everything to --base-url when given', () => {
    expect(resolveTarget('https://m.np.playstation.com/api/x?y=1', 'http://127.0.0.1:4100', false)).toEqual({
      origin: 'http://127.0.0.1:4100',
      path: '/api/x?y=1',
    });
  });
  it('never sends the token to a host that is not Sony', () => {
    expect(() => resolveTarget('https://example.com/api/x', undefined, false)).toThrow(/not one of Sony's API hosts/);
    expect(() => resolveTarget('https://evil.sony.com/api/x', undefined, false)).toThrow(/not one of Sony's API hosts/);
    expect(() => resolveTarget('https://m.np.playstation.com.evil.example/api/x', undefined, false)).toThrow(/not one of Sony's API hosts/);
    expect(() => resolveTarget('https://store.playstation.com/api/x', undefined, false)).toThrow(/not one of Sony's API hosts/);
    expect(() => resolveTarget('https://m.np.playstation.com:8443/api/x', undefined, false)).toThrow(/not one of Sony's API hosts/);
    expect(() => resolveTarget('https://example.com/api/x', 'http://127.0.0.1:4100', false)).toThrow(/or http:\/\/127\.0\.0\.1:4100 only/);
    expect(() => resolveTarget('http://127.0.0.1:4101/api/x', 'http://127.0.0.1:4100', false)).toThrow(/not one of Sony's API hosts/);
  });
  it('sends the token over https only (but to --base-url as configured)', () => {
    expect(() => resolveTarget('http://m.np.playstation.com/api/x', undefined, false)).toThrow(/https only: use https:\/\/m\.np\.playstation\.com\/api\/x/);
    expect(() => resolveTarget('http://m.np.playstation.com/api/x', 'http://127.0.0.1:4100', false)).toThrow(/https only/);
    expect(resolveTarget('http://127.0.0.1:4100/api/x', 'http://127.0.0.1:4100/', false)).toEqual({ origin: 'http://127.0.0.1:4100/', path: '/api/x' });
  });
  it('refuses the sign-in service and unknown paths', () => {
    expect(() => resolveTarget('/nothing/here', undefined, false)).toThrow(/No Sony host/);
    expect(() => resolveTarget('/api/authz/v3/oauth/token', undefined, false)).toThrow(/sign-in service/);
    expect(() => resolveTarget('http://127.0.0.1:4100/api/v1/ssocookie', 'http://127.0.0.1:4100', false)).toThrow(/sign-in service/);
  });
});
