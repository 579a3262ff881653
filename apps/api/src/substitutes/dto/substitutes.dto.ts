// POST /api/substitutes: who stands in for whom (代理), from which date to which (dates at the dealer).
import { IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate, IsText, Trim } from '../../common/validators';

const UUID_MSG = { message: 'must be a user id (UUID)' };

export class CreateSubstituteDto {
  /** The person who will be away: yourself when left out; only the dealer admin names someone else. */
  @IsOptional() @IsUUID('all', UUID_MSG) userId?: string;
  /** Who decides their tasks meanwhile: must hold a role that may decide them. */
  @IsUUID('all', UUID_MSG) substituteUserId: string;
  /** First day (YYYY-MM-DD at the dealer). */
  @IsCalendarDate() fromDate: string;
  /** Last day, inclusive. */
  @IsCalendarDate() toDate: string;
  @IsOptional() @Trim() @IsText(200, 0) reason?: string | null;
}
