import { IsUUID, Matches } from 'class-validator';
import { MONTH_RE, Present, Trim, IsText } from '../../common/validators';

/** `?month=YYYY-MM[&consultantId=][&model=]` (consultants always get their own figures). */
export class ConversionReportQuery {
  @Matches(MONTH_RE, { message: 'must be a month YYYY-MM' }) month: string;
  @Present() @IsUUID('all', { message: 'must be an id (UUID)' }) consultantId?: string;
  @Present() @Trim() @IsText(60) model?: string;
}
