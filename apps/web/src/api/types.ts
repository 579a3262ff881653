// Shapes of the HTTP contract as the pages read them: the answers are generated from the API's OpenAPI
// document (openapi.d.ts, `npm run api:types`), the vocabularies are the domain's own (@kaflow/domain).
import type { RegionRole, Role as DealerRole } from '@kaflow/domain/src/enums';
import type { components, operations } from './openapi';

type Schemas = components['schemas'];
/** The pages read a task's payload and decision data by kind: free-form JSON in the document. */
type Loose<T, K extends keyof T> = Omit<T, K> & {
  [P in K]: null extends T[P] ? Record<string, any> | null : Record<string, any>;
};

export type { TaskKind } from '@kaflow/domain/src/tasks';
export { TASK_KINDS } from '@kaflow/domain/src/tasks';
export type Role = DealerRole | RegionRole;

/** The signed-in user (POST /auth/login, GET /me). Region-tier users (区域经理) have a region and no dealer. */
export type User = Schemas['SessionUser'];
export type Task = Loose<Schemas['Task'], 'payload' | 'data'>;
export type DecidedTask = Loose<Schemas['DecidedTask'], 'payload' | 'data'>;
export type TaskPage = Omit<Schemas['TaskPage'], 'items'> & { items: Task[] };
export type TaskEvent = Schemas['TaskEvent'];
export type TaskHistory = Schemas['TaskHistory'];
/** GET /wecom/jssdk/signature: what the WeCom JS-SDK is configured with inside WeCom. */
export type JsSdkSignatures = Schemas['JsSdkSignatures'];
export type Prospect = Schemas['Prospect'];
export type ProspectPage = Schemas['ProspectPage'];
export type Plan = Loose<Schemas['Plan'], 'input' | 'result' | 'coverage' | 'support' | 'capacity'>;
export type PlanDryRun = Loose<Schemas['PlanDryRun'], 'input' | 'result' | 'coverage' | 'support' | 'capacity'>;
export type Person = Schemas['Person'];
export type People = Schemas['People'];
export type Session = Schemas['Session'];
/** GET /forecast/…: the month's and next month's forecast of a line against its targets. */
export type Forecast = Schemas['Forecast'];
export type ForecastMonth = Schemas['ForecastMonth'];
/** A substitute (代理) set for a date range (GET/POST /substitutes). */
export type Substitute = Schemas['Substitute'];
export type Substitutes = Schemas['Substitutes'];
/** The homes (GET /home/consultant, /home/service): one answer each. */
type Answer<K extends keyof operations> = operations[K] extends {
  responses: { 200: { content: { 'application/json': infer A } } };
}
  ? A
  : never;
export type ConsultantHome = Answer<'HomeController_consultant'>;
export type ServiceHome = Answer<'HomeController_service'>;
