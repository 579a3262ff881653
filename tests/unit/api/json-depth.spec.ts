import { jsonDepth } from '../../../apps/api/src/common/http-hardening';

describe('jsonDepth (the nesting limit, counted before parsing)', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('{"a":"[[[[{{{{"}')).toBe(1);
    expect(jsonDepth('{"a":"\\"[[[["}')).toBe(1);
    expect(jsonDepth('[[],[[]],[]]')).toBe(3);
  });
  it('stops early past the limit on a deep body', () => {
    expect(jsonDepth('['.repeat(100_000) + ']'.repeat(100_000), 32)).toBe(33);
  });
});
