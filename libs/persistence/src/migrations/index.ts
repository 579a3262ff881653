import { InitialSchema1764100000000 } from './1764100000000-initial-schema';
import { SalesAndPlans1764200000000 } from './1764200000000-sales-and-plans';
import { Conversion1764300000000 } from './1764300000000-conversion';
import { RegionUsersAndScorecards1764420000000 } from './1764420000000-region-users-and-scorecards';
import { Imports1764430000000 } from './1764430000000-imports';
import { RateLimit1764440000000 } from './1764440000000-rate-limit';
import { OfficialCalendar1764450000000 } from './1764450000000-official-calendar';
import { NotificationChannels1764480000000 } from './1764480000000-notification-channels';
import { ProspectImportOrigin1764490000000 } from './1764490000000-prospect-import-origin';
import { DecisionDelivered1764500000000 } from './1764500000000-decision-delivered';
import { IdempotencyKey1764510000000 } from './1764510000000-idempotency-key';
import { WecomCallbacks1765030000000 } from './1765030000000-wecom-callbacks';
import { Substitutes1765040000000 } from './1765040000000-substitutes';
import { VisitCheckIn1765090000000 } from './1765090000000-visit-check-in';
import { FollowUpGrain1765100000000 } from './1765100000000-follow-up-grain';

/**
 * Every migration, in order. The data source runs them; `synchronize` is never used outside throwaway test databases.
 */
export const MIGRATIONS = [
  InitialSchema1764100000000,
  SalesAndPlans1764200000000,
  Conversion1764300000000,
  RegionUsersAndScorecards1764420000000,
  Imports1764430000000,
  RateLimit1764440000000,
  OfficialCalendar1764450000000,
  NotificationChannels1764480000000,
  ProspectImportOrigin1764490000000,
  DecisionDelivered1764500000000,
  IdempotencyKey1764510000000,
  WecomCallbacks1765030000000,
  Substitutes1765040000000,
  VisitCheckIn1765090000000,
  FollowUpGrain1765100000000,
];
