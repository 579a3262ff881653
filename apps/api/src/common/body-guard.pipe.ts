// What a parsed request body must not hold, refused with a 400 before validation walks it:
// - nesting deeper than any contract needs (class-transformer and class-validator recurse and would
//   overflow the stack on thousands of levels);
// - keys that reach an object's prototype (`__proto__`, `constructor`, `prototype`): class-transformer
//   skips them, so the whitelist never saw them and a body with one was taken as if it were not there.
import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { FieldProblem } from '@kaflow/domain';
import { badRequest } from './domain-error';

/** The deepest body any endpoint takes is a handful of levels; this leaves ample room. */
export const MAX_BODY_DEPTH = 32;

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Walks a parsed JSON value without recursion: its depth (a scalar is 0, `[]` or `{}` is 1; the walk stops
 * past `limit`) and the path of the first key that reaches a prototype, if any.
 */
export function inspectBody(value: unknown, limit = MAX_BODY_DEPTH): { depth: number; prototypeKey?: string } {
  let deepest = 0;
  const stack: Array<[unknown, number, string]> = [[value, 0, '']];
  while (stack.length) {
    const [v, d, path] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const depth = d + 1;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return { depth: deepest };
    const array = Array.isArray(v);
    for (const key of Object.keys(v)) {
      const at = array ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!array && PROTOTYPE_KEYS.has(key)) return { depth: deepest, prototypeKey: at };
      stack.push([(v as Record<string, unknown>)[key], depth, at]);
    }
  }
  return { depth: deepest };
}

@Injectable()
export class BodyGuardPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    const { depth, prototypeKey } = inspectBody(value);
    const problems: FieldProblem[] = [];
    if (depth > MAX_BODY_DEPTH)
      problems.push({ field: '(body)', problem: `is nested deeper than ${MAX_BODY_DEPTH} levels` });
    else if (prototypeKey) problems.push({ field: prototypeKey, problem: 'should not exist' });
    if (problems.length) throw badRequest(problems);
    return value;
  }
}
