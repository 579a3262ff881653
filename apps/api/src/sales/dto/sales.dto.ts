// Request bodies and queries of the sales records (manual §4 processes 1–3): the car model catalogue,
// orders (订单), deliveries (交车/AAK), system submissions (系统提报), stock (库存) and the actuals report.
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsUUID,
  Matches,
  ValidateNested,
} from 'class-validator';
import { CUSTOMER_TYPES, DEVELOPMENT_TYPES, type CustomerType, type DevelopmentType } from '@kaflow/domain';
import { IsCalendarDate, IsText, IsWhole, MONTH_RE, Present, QueryInt, Trim } from '../../common/validators';

const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });
const UUID_MSG = { message: 'must be an id (UUID)' };
const MONTH_MSG = { message: 'must be a month YYYY-MM in the years 2000–2099' };
const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9 .\-+]{0,29}$/;
const CODE_MSG = { message: 'must be a model code of 1 to 30 letters, digits, spaces, dots, dashes or plus signs' };

export const ORDER_STATUSES = ['open', 'delivered', 'cancelled'] as const;

export class CreateCarModelDto {
  @Trim() @Matches(CODE_RE, CODE_MSG) code: string;
  @Trim() @IsText(60) name: string;
  @IsOptional() @IsBoolean({ message: 'must be true or false' }) active?: boolean;
  @IsOptional() @IsWhole(0, 10_000) sortOrder?: number;
}

/** Partial: only the fields given change; `active: false` retires a model (never deleted). */
export class UpdateCarModelDto {
  @Present() @Trim() @Matches(CODE_RE, CODE_MSG) code?: string;
  @Present() @Trim() @IsText(60) name?: string;
  @Present() @IsBoolean({ message: 'must be true or false' }) active?: boolean;
  @Present() @IsWhole(0, 10_000) sortOrder?: number;
}

export class CreateOrderDto {
  /** Generated (KA-YYYYMM-NNNN) when missing; unique per dealer. */
  @IsOptional()
  @Trim()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9\-_/]{0,39}$/, {
    message: 'must be 1 to 40 letters, digits, dashes, underscores or slashes',
  })
  orderNo?: string;
  @IsOptional() @IsUUID('all', UUID_MSG) prospectId?: string;
  @IsOptional() @IsUUID('all', UUID_MSG) accountId?: string;
  @IsIn(CUSTOMER_TYPES, oneOf(CUSTOMER_TYPES)) customerType: CustomerType;
  @IsIn(DEVELOPMENT_TYPES, oneOf(DEVELOPMENT_TYPES)) developmentType: DevelopmentType;
  @Trim() @IsText(30) model: string;
  @IsWhole(1, 500) quantity: number;
  @IsCalendarDate() orderDate: string;
  /** Key-account manager / admin: the consultant the order belongs to (a consultant records their own). */
  @IsOptional() @IsUUID('all', UUID_MSG) consultantId?: string;
}

export class CancelOrderDto {
  @Trim() @IsText(500) reason: string;
  /** Defaults to today at the dealer. */
  @IsOptional() @IsCalendarDate() cancelledAt?: string;
}

export class ListOrdersQuery {
  @Present() @Matches(MONTH_RE, MONTH_MSG) month?: string;
  @Present() @IsIn(ORDER_STATUSES, oneOf(ORDER_STATUSES)) status?: (typeof ORDER_STATUSES)[number];
  @Present() @IsUUID('all', UUID_MSG) consultantId?: string;
  @Present() @Trim() @IsText(30) model?: string;
  @Present() @QueryInt() @IsWhole(1, 100_000) page?: number;
  @Present() @QueryInt() @IsWhole(1, 100) pageSize?: number;
}

export class CreateDeliveryDto {
  @IsUUID('all', UUID_MSG) orderId: string;
  @IsWhole(1, 500) quantity: number;
  @IsCalendarDate() deliveryDate: string;
}

export class CreateSubmissionDto {
  @IsUUID('all', UUID_MSG) deliveryId: string;
  @IsWhole(1, 500) quantity: number;
  @IsCalendarDate() licensingDate: string;
  @IsCalendarDate() submittedDate: string;
}

/** `?month=YYYY-MM` (default: this month at the dealer) and, for managers, `consultantId`. */
export class MonthQuery {
  @Present() @Matches(MONTH_RE, MONTH_MSG) month?: string;
  @Present() @IsUUID('all', UUID_MSG) consultantId?: string;
}

export class StockQuery {
  @Present() @Matches(MONTH_RE, MONTH_MSG) month?: string;
}

export class StockItemDto {
  @Trim() @IsText(30) model: string;
  @IsWhole(0, 100_000) quantity: number;
}

export class PutStockDto {
  @IsArray({ message: 'must be a list of { model, quantity }' })
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => StockItemDto)
  items: StockItemDto[];
}

export class ActualsQuery {
  @Matches(MONTH_RE, MONTH_MSG) from: string;
  @Matches(MONTH_RE, MONTH_MSG) to: string;
  @Present() @Trim() @IsText(30) model?: string;
  @Present() @IsUUID('all', UUID_MSG) consultantId?: string;
}
