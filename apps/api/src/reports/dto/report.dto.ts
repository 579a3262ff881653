import { IsUUID, Matches } from 'class-validator';
import { MONTH_RE, Present } from '../../common/validators';

/** `?month=YYYY-MM` and, for managers, `consultantId` (consultants always get their own figures). */
export class RecordKeepingQuery {
  @Matches(MONTH_RE, { message: 'must be a month YYYY-MM' }) month: string;
  @Present() @IsUUID('all', { message: 'must be an id (UUID)' }) consultantId?: string;
}
