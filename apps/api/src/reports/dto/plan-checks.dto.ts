import { Matches } from 'class-validator';
import { MONTH_RE } from '../../common/validators';

export class CapabilityQuery {
  @Matches(MONTH_RE, { message: 'must be a month YYYY-MM' }) month: string;
}
export class AccuracyQuery {
  @Matches(MONTH_RE, { message: 'must be a month YYYY-MM' }) from: string;
  @Matches(MONTH_RE, { message: 'must be a month YYYY-MM' }) to: string;
}
