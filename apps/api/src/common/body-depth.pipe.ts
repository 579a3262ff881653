// Request bodies nested deeper than any contract needs are refused with a 400 before validation walks them
// (class-transformer and class-validator recurse and would overflow the stack on thousands of levels).
import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { badRequest } from './domain-error';

/** The deepest body any endpoint takes is a handful of levels; this leaves ample room. */
export const MAX_BODY_DEPTH = 32;

/** Depth of a parsed JSON value (a scalar is 0, `[]` or `{}` is 1), walked without recursion; stops past `limit`. */
export function jsonDepth(value: unknown, limit = MAX_BODY_DEPTH): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const depth = d + 1;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, depth]);
  }
  return deepest;
}

@Injectable()
export class BodyDepthPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' && jsonDepth(value) > MAX_BODY_DEPTH) {
      throw badRequest([{ field: '(body)', problem: `is nested deeper than ${MAX_BODY_DEPTH} levels` }]);
    }
    return value;
  }
}
