import { inspectBody, MAX_BODY_DEPTH } from '../../../apps/api/src/common/body-guard.pipe';

describe('inspectBody (what a parsed body must not hold)', () => {
  it('measures depth as the nesting of arrays and objects', () => {
    expect(inspectBody(1)).toEqual({ depth: 0 });
    expect(inspectBody({ a: [1, { b: 2 }] })).toEqual({ depth: 3 });
    expect(inspectBody(JSON.parse('['.repeat(100) + ']'.repeat(100))).depth).toBe(MAX_BODY_DEPTH + 1);
  });

  it('names the path of a key that reaches a prototype, as JSON.parse makes it (an own property)', () => {
    expect(inspectBody(JSON.parse('{"__proto__":{"x":1}}'))).toEqual({ depth: 1, prototypeKey: '__proto__' });
    expect(inspectBody(JSON.parse('{"a":{"b":[{"constructor":1}]}}')).prototypeKey).toBe('a.b[0].constructor');
    expect(inspectBody(JSON.parse('{"items":[{"prototype":{}}]}')).prototypeKey).toBe('items[0].prototype');
  });

  it('lets ordinary keys and values through, including the words as values', () => {
    expect(inspectBody({ name: '__proto__', note: 'constructor', list: ['prototype'] })).toEqual({ depth: 2 });
  });
});
