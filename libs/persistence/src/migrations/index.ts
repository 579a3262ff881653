import { InitialSchema1764100000000 } from './1764100000000-initial-schema';
import { SalesAndPlans1764200000000 } from './1764200000000-sales-and-plans';

/** Every migration, in order. The data source runs them; `synchronize` is never used outside throwaway test databases. */
export const MIGRATIONS = [InitialSchema1764100000000, SalesAndPlans1764200000000];
