// Request bodies and queries of /api/prospects, checked against the grading entry standard
// (manual §4 process 5, 基盘客户分级录入及盘点办法): the manual's vocabularies, a real phone
// number, a model and a quantity on every record.
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsUUID, ValidateIf, ValidateNested } from 'class-validator';
import {
  CHANNELS,
  CUSTOMER_TYPES,
  DEVELOPMENT_TYPES,
  FOLLOW_UP_CHANNELS,
  GRADES,
  type Channel,
  type CustomerType,
  type DevelopmentType,
  type FollowUpChannel,
  type Grade,
} from '@kaflow/domain';
import {
  IsPhone,
  IsText,
  IsWhole,
  NormalizePhone,
  NotWith,
  Present,
  QueryBoolean,
  QueryInt,
  Trim,
} from '../../common/validators';

const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });
const UUID_MSG = { message: 'must be an id (UUID)' };

export class NewAccountDto {
  @Trim() @IsText(100) name: string;
  @IsIn(CUSTOMER_TYPES, oneOf(CUSTOMER_TYPES)) customerType: CustomerType;
}

export class CreateProspectDto {
  /** A new account (大用户单位); an account of the same name in the dealer is reused. */
  @ValidateIf((o) => o.account !== undefined || o.accountId === undefined)
  @IsObject({ message: 'give either account { name, customerType } or accountId' })
  @ValidateNested()
  @Type(() => NewAccountDto)
  account?: NewAccountDto;

  @IsOptional() @IsUUID('all', UUID_MSG) @NotWith('account') accountId?: string;

  @Trim() @IsText(100) contactName: string;
  @NormalizePhone() @IsPhone() contactPhone: string;
  @Trim() @IsText(60) model: string;
  @IsWhole(1, 500) quantity: number;
  @IsIn(GRADES, oneOf(GRADES)) grade: Grade;
  @IsIn(CHANNELS, oneOf(CHANNELS)) channel: Channel;
  @IsIn(DEVELOPMENT_TYPES, oneOf(DEVELOPMENT_TYPES)) developmentType: DevelopmentType;
  @Present() @IsBoolean({ message: 'must be true or false' }) hot?: boolean;
  @IsOptional() @Trim() @IsText(2000, 0) note?: string | null;
  /** The visit (走访) where this lead was met: it counts towards that month's record rate. */
  @IsOptional() @IsUUID('all', UUID_MSG) sourceVisitId?: string;
  /** The event lead (活动集客) this prospect records. */
  @IsOptional() @IsUUID('all', UUID_MSG) @NotWith('sourceVisitId') sourceEventLeadId?: string;
  /** Key-account manager / admin only: the consultant who owns the prospect. */
  @IsOptional() @IsUUID('all', UUID_MSG) ownerId?: string;
}

export class UpdateProspectDto {
  @Present() @Trim() @IsText(100) contactName?: string;
  @Present() @NormalizePhone() @IsPhone() contactPhone?: string;
  @Present() @Trim() @IsText(60) model?: string;
  @Present() @IsWhole(1, 500) quantity?: number;
  @Present() @IsIn(GRADES, oneOf(GRADES)) grade?: Grade;
  /** Why the grade changes: required with a grade change, kept in the grade history. */
  @Present() @Trim() @IsText(500) gradeReason?: string;
  @Present() @IsBoolean({ message: 'must be true or false' }) hot?: boolean;
  @Present() @IsIn(CHANNELS, oneOf(CHANNELS)) channel?: Channel;
  @Present() @IsIn(DEVELOPMENT_TYPES, oneOf(DEVELOPMENT_TYPES)) developmentType?: DevelopmentType;
  @IsOptional() @Trim() @IsText(2000, 0) note?: string | null;
  @Present() @IsUUID('all', UUID_MSG) ownerId?: string;
  /** The version the client read: a stale one is refused with 409. */
  @Present() @IsWhole(1, 2_147_483_647) version?: number;
}

export class FollowUpDto {
  @IsIn(FOLLOW_UP_CHANNELS, oneOf(FOLLOW_UP_CHANNELS)) channel: FollowUpChannel;
  @Trim() @IsText(2000) content: string;
  @IsOptional() @Trim() @IsText(500, 0) nextStep?: string | null;
}

export class ListProspectsQuery {
  @Present() @IsIn(GRADES, oneOf(GRADES)) grade?: Grade;
  @Present() @IsUUID('all', UUID_MSG) ownerId?: string;
  @Present() @QueryBoolean() @IsBoolean({ message: 'must be true or false' }) hot?: boolean;
  /** Only prospects whose next follow-up is past due (true), or not (false). */
  @Present() @QueryBoolean() @IsBoolean({ message: 'must be true or false' }) overdue?: boolean;
  @Present() @QueryInt() @IsWhole(1, 100_000) page?: number;
  @Present() @QueryInt() @IsWhole(1, 100) pageSize?: number;
}
