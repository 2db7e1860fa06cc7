// IPv6 listen addresses are compared as nginx prints them (ngx_inet6_ntop): `[::0]:80` and
// `[::]:80` are one socket, and nginx -t says "a duplicate default server for [::]:80" for two
// default servers spelled so (checked with nginx 1.22.1).
import { describe, expect, test } from 'vitest';
import { compressedIpv6 } from '../src/nginx/address.js';

describe('compressedIpv6', () => {
  test.each([
    ['::', '::'],
    ['::0', '::'],
    ['0:0::0', '::'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['::1', '::1'],
    ['2001:DB8::0:1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['fe80::1:0:0:0', 'fe80::1:0:0:0'],
    ['0:0:1:0:0:0:1:0', '0:0:1::1:0'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
  ])('%s is %s', (text, printed) => {
    expect(compressedIpv6(text)).toBe(printed);
  });

  test.each(['1::2::3', '1:2:3', '12345::', 'g::1', '1:2:3:4:5:6:7:8::'])('%s is not an address', (text) => {
    expect(compressedIpv6(text)).toBeNull();
  });
});
