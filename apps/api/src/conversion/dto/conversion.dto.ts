import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';
import { IsCalendarDate, Present } from '../../common/validators';

const UUID_MSG = { message: 'must be an id (UUID)' };

/** Hand a (departing) consultant's prospects, with their follow-up workflows and open tasks, to another consultant. */
export class ReassignDto {
  @IsUUID('all', UUID_MSG) fromUserId: string;
  @IsUUID('all', UUID_MSG) toUserId: string;
  /** Only these prospects (all of fromUserId's when left out). */
  @Present()
  @IsArray({ message: 'must be a list of prospect ids' })
  @ArrayMinSize(1, { message: 'must name at least one prospect' })
  @ArrayMaxSize(10_000, { message: 'at most 10000 at once' })
  @IsUUID('all', { each: true, message: 'each must be a prospect id (UUID)' })
  prospectIds?: string[];
}

/** 交车: the delivery of an O prospect; the date defaults to today. */
export class DeliveredDto {
  @Present() @IsCalendarDate() deliveredOn?: string;
}
