// Request bodies and queries of the field work of process 5: visit plans and visits (走访),
// outreach and showroom events (外展/展厅活动) and the leads met there.
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsUUID,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { EVENT_KINDS, type EventKind } from '@kaflow/domain';
import {
  IsCalendarDate,
  IsPhone,
  IsText,
  IsWhole,
  MONTH_RE,
  NormalizeOptionalPhone,
  NotWith,
  Present,
  Trim,
} from '../../common/validators';

const UUID_MSG = { message: 'must be an id (UUID)' };
const MONTH_MSG = { message: 'must be a month YYYY-MM in the years 2000–2099' };
const ACCOUNT_MSG = { message: 'give accountId, or accountName as text of 1 to 100 characters' };

export class VisitPlanItemDto {
  @IsCalendarDate() plannedDate: string;
  @IsOptional() @IsUUID('all', UUID_MSG) @NotWith('accountName') accountId?: string;
  @ValidateIf((o) => o.accountId === undefined || o.accountName !== undefined)
  @Trim()
  @IsText(100, 1, ACCOUNT_MSG)
  accountName?: string;
  @IsOptional() @Trim() @IsText(500, 0) purpose?: string | null;
}

export class CreateVisitPlanDto {
  @Matches(MONTH_RE, MONTH_MSG) month: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => VisitPlanItemDto)
  items: VisitPlanItemDto[];
}

export class CreateVisitDto {
  @IsCalendarDate() visitedOn: string;
  /** The planned visit this record fulfils; its account is used when none is given. */
  @IsOptional() @IsUUID('all', UUID_MSG) planId?: string;
  @IsOptional() @IsUUID('all', UUID_MSG) @NotWith('accountName') accountId?: string;
  @ValidateIf((o) => (o.accountId === undefined && o.planId === undefined) || o.accountName !== undefined)
  @Trim()
  @IsText(100, 1, ACCOUNT_MSG)
  accountName?: string;
  /** People met who could become leads: the denominator of the record rate (留档率). */
  @IsWhole(0, 1000) leadsMet: number;
  @Trim() @IsText(2000) summary: string;
}

export class CreateEventDto {
  @IsIn(EVENT_KINDS, { message: `must be one of ${EVENT_KINDS.join(', ')}` }) kind: EventKind;
  @Trim() @IsText(100) name: string;
  @IsCalendarDate() plannedDate: string;
  @IsOptional() @Trim() @IsText(200, 0) location?: string | null;
}

export class EventHeldDto {
  @IsCalendarDate() heldOn: string;
}

export class EventLeadDto {
  @Trim() @IsText(100) name: string;
  @IsOptional() @NormalizeOptionalPhone() @IsPhone() phone?: string | null;
  @IsOptional() @Trim() @IsText(100, 0) company?: string | null;
}

export class AddEventLeadsDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => EventLeadDto)
  leads: EventLeadDto[];
}

/** `?month=YYYY-MM` (default: this month at the dealer) and, for managers, `consultantId`. */
export class FieldWorkQuery {
  @Present() @Matches(MONTH_RE, MONTH_MSG) month?: string;
  @Present() @IsUUID('all', UUID_MSG) consultantId?: string;
}
