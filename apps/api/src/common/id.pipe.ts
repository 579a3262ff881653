// A path id that is not a UUID names nothing: 404, never a database error.
import { Injectable, PipeTransform } from '@nestjs/common';
import { notFound } from './domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

export function idPipe(what: string) {
  @Injectable()
  class IdPipe implements PipeTransform<string, string> {
    transform(v: string): string {
      if (!isUuid(v)) throw notFound(what);
      return v.toLowerCase();
    }
  }
  return IdPipe;
}

export const TaskIdPipe = idPipe('task');
export const ProspectIdPipe = idPipe('prospect');
export const EventIdPipe = idPipe('event');
export const UserIdPipe = idPipe('user');
export const DealerIdPipe = idPipe('dealer');
export const SubstituteIdPipe = idPipe('substitute');
export const VisitIdPipe = idPipe('planned visit');
