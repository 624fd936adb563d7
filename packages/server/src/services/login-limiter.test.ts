import { describe, expect, it } from 'vitest';
import { clientKey, LoginLimiter } from './login-limiter.ts';

describe('clientKey', () => {
  it('keeps IPv4, unmaps IPv4-mapped IPv6, and takes an IPv6 address’s /64', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:DB8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey('unknown')).toBe('unknown');
  });
});

describe('LoginLimiter', () => {
  let time = 0;
  const now = () => time;

  it('locks a (name, address) pair after 10 failures for the window, not the name', () => {
    const limiter = new LoginLimiter({ now });
    const attacker = limiter.keys('Victim', '203.0.113.1');
    for (let i = 0; i < 10; i++) {
      expect(limiter.blockedFor(attacker)).toBe(0);
      limiter.fail(attacker);
    }
    expect(limiter.blockedFor(attacker)).toBe(15 * 60_000);
    expect(limiter.blockedFor(limiter.keys('victim', '203.0.113.2'))).toBe(0);
    time += 15 * 60_000 + 1;
    expect(limiter.blockedFor(attacker)).toBe(0);
  });

  it('counts an IPv6 /64 as one client', () => {
    const limiter = new LoginLimiter({ now });
    for (let i = 0; i < 10; i++) limiter.fail(limiter.keys('victim', `2001:db8:1:2::${i.toString(16)}`));
    expect(limiter.blockedFor(limiter.keys('victim', '2001:db8:1:2::ffff'))).toBeGreaterThan(0);
    expect(limiter.blockedFor(limiter.keys('victim', '2001:db8:1:3::1'))).toBe(0);
  });

  it('under a distributed attack (100 failures of one name) gives each address 3 guesses, and still lets a clean address in', () => {
    const limiter = new LoginLimiter({ now });
    for (let a = 0; a < 25; a++) for (let i = 0; i < 4; i++) limiter.fail(limiter.keys('victim', `198.51.100.${a}`));
    const bot = limiter.keys('victim', '198.51.100.200');
    for (let i = 0; i < 3; i++) {
      expect(limiter.blockedFor(bot)).toBe(0);
      limiter.fail(bot);
    }
    expect(limiter.blockedFor(bot)).toBeGreaterThan(0);
    expect(limiter.blockedFor(limiter.keys('victim', '192.0.2.1'))).toBe(0);
    // Other names are not under attack.
    for (let i = 0; i < 3; i++) limiter.fail(limiter.keys('other', '192.0.2.9'));
    expect(limiter.blockedFor(limiter.keys('other', '192.0.2.9'))).toBe(0);
  });

  it('stops an address after 50 failures over any names; a success forgets only its pair', () => {
    const limiter = new LoginLimiter({ now });
    for (let i = 0; i < 50; i++) limiter.fail(limiter.keys(`name${i}`, '192.0.2.50'));
    expect(limiter.blockedFor(limiter.keys('victim', '192.0.2.50'))).toBeGreaterThan(0);
    const keys = limiter.keys('name1', '192.0.2.50');
    limiter.succeed(keys);
    expect(limiter.blockedFor(keys)).toBeGreaterThan(0);
  });
});
