import { IsIn, IsUUID, Matches } from 'class-validator';
import { SCORECARD_ROLES } from '@kaflow/domain';
import { MONTH_RE, Present } from '../../common/validators';

/** `?month=YYYY-MM[&role=][&userId=][&lang=zh|en]` */
export class ScorecardQuery {
  @Matches(MONTH_RE, { message: 'must be a month YYYY-MM' }) month: string;
  @Present()
  @IsIn(SCORECARD_ROLES, { message: `must be one of ${SCORECARD_ROLES.join(', ')}` })
  role?: (typeof SCORECARD_ROLES)[number];
  @Present() @IsUUID('all', { message: 'must be an id (UUID)' }) userId?: string;
  @Present() @IsIn(['zh', 'en'], { message: 'must be zh or en' }) lang?: 'zh' | 'en';
}

/** `?month=YYYY-MM[&lang=]` */
export class ScorecardMonthQuery {
  @Matches(MONTH_RE, { message: 'must be a month YYYY-MM' }) month: string;
  @Present() @IsIn(['zh', 'en'], { message: 'must be zh or en' }) lang?: 'zh' | 'en';
}
