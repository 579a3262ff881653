// The answers' shapes in the OpenAPI document (components.schemas), for the endpoints the web app
// reads: a session user, a task and its history, a prospect, a plan, the dealer's people. The web's
// types are generated from them (`npm run api:types`); the vocabularies come from @kaflow/domain.
import type { OpenAPIObject } from '@nestjs/swagger';
import {
  CHANNELS,
  CUSTOMER_TYPES,
  DEVELOPMENT_TYPES,
  FOLLOW_UP_CHANNELS,
  GRADES,
  REGION_ROLES,
  ROLES,
  TASK_KINDS,
} from '@kaflow/domain';

type Schema = Record<string, any>;

/** `{ $ref }` to one of the schemas below, for `@ApiOkResponse({ schema: responseRef('Task') })`. */
export const responseRef = (name: keyof typeof RESPONSE_SCHEMAS): Schema => ({ $ref: `#/components/schemas/${name}` });

const str = { type: 'string' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const num = { type: 'number' };
const time = { type: 'string', format: 'date-time' };
const nullable = (s: Schema): Schema => ({ ...s, nullable: true });
const object = { type: 'object', additionalProperties: true };
const list = (items: Schema): Schema => ({ type: 'array', items });
const shape = (properties: Record<string, Schema>, optional: string[] = []): Schema => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
});
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
/** official/provisional of the calendar years an answer's dates fall in */
const calendarFlag = { official: bool, provisional: bool };
const PLAN_KINDS = { type: 'string', enum: ['annual', 'rolling', 'decomposition', 'lead'] };

/** What a plan and its dry run both answer: which plan, its figures and their checks. */
const planFigures = {
  id: str,
  kind: PLAN_KINDS,
  period: str,
  version: int,
  revision: int,
  input: object,
  result: object,
  coverage: nullable(object),
  support: nullable(object),
  capacity: nullable(object),
  coverageOk: nullable(bool),
  ...calendarFlag,
};

/** A task as GET /tasks and /tasks/:id answer it, less the calendar flags. */
const taskFields = {
  id: str,
  kind: { type: 'string', enum: [...TASK_KINDS] },
  title: str,
  status: { type: 'string', enum: ['open', 'done', 'cancelled'] },
  assigneeUserId: nullable(str),
  assigneeRole: nullable(str),
  dueAt: time,
  escalationLevel: int,
  subject: shape({ type: str, id: str }),
  payload: object,
  decision: nullable(str),
  comment: nullable(str),
  data: nullable(object),
  decidedBy: nullable(str),
  decidedOnBehalfOf: nullable(str),
  decidedAt: nullable(time),
  workflowId: str,
  createdAt: time,
};

const RESPONSE_SCHEMAS = {
  SessionUser: shape(
    {
      id: str,
      username: str,
      displayName: str,
      roles: list({ type: 'string', enum: [...ROLES, ...REGION_ROLES] }),
      dealerId: nullable(str),
      regionId: str,
      timezone: str,
    },
    ['regionId'],
  ),
  Task: shape({ ...taskFields, ...calendarFlag, onBehalfOf: nullable(shape({ id: str, displayName: str })) }, [
    'onBehalfOf',
  ]),
  /** POST /tasks/:id/complete: the task as the workflow answers it, without the calendar flags */
  DecidedTask: shape(taskFields),
  TaskPage: shape({ items: list(ref('Task')), total: int, page: int, pageSize: int }),
  TaskEvent: shape({
    at: time,
    action: { type: 'string', enum: ['created', 'reminded', 'escalated', 'reassigned', 'decided'] },
    by: nullable(shape({ id: str, displayName: str })),
    /** a decision a substitute took: the person it was taken for */
    onBehalfOf: nullable(shape({ id: str, displayName: str })),
    detail: object,
  }),
  TaskHistory: shape({ items: list(ref('TaskEvent')) }),
  /** GET /wecom/jssdk/signature: wx.config's and wx.agentConfig's signatures of one page */
  JsSdkSignatures: shape({
    corpId: str,
    agentId: int,
    url: str,
    config: shape({ timestamp: int, nonceStr: str, signature: str }),
    agentConfig: shape({ timestamp: int, nonceStr: str, signature: str }),
  }),
  Substitute: shape({
    id: str,
    user: shape({ id: str, displayName: str }),
    substitute: shape({ id: str, displayName: str }),
    fromDate: { type: 'string', format: 'date' },
    toDate: { type: 'string', format: 'date' },
    reason: nullable(str),
    active: bool,
    createdBy: str,
    createdAt: time,
  }),
  Substitutes: shape({ today: { type: 'string', format: 'date' }, items: list(ref('Substitute')) }),
  Prospect: shape(
    {
      id: str,
      account: shape({ id: str, name: str, customerType: { type: 'string', enum: [...CUSTOMER_TYPES] } }),
      contact: shape({ id: str, name: str, phone: str }),
      model: str,
      quantity: int,
      grade: { type: 'string', enum: [...GRADES] },
      hot: bool,
      channel: { type: 'string', enum: [...CHANNELS] },
      developmentType: { type: 'string', enum: [...DEVELOPMENT_TYPES] },
      ownerId: str,
      note: nullable(str),
      sourceVisitId: nullable(str),
      sourceEventId: nullable(str),
      nextFollowUpDue: nullable(time),
      createdAt: time,
      updatedAt: time,
      version: int,
      gradeHistory: list(
        shape({
          from: nullable({ type: 'string', enum: [...GRADES] }),
          to: str,
          at: time,
          by: str,
          reason: nullable(str),
        }),
      ),
      followUps: list(
        shape({
          id: str,
          channel: { type: 'string', enum: [...FOLLOW_UP_CHANNELS] },
          content: str,
          nextStep: nullable(str),
          at: time,
          by: str,
        }),
      ),
      callback: nullable(
        shape({
          status: str,
          outcome: nullable(str),
          dueAt: time,
          doneAt: nullable(time),
          onTime: nullable(bool),
          verificationOutcome: nullable(str),
        }),
      ),
    },
    // the list and the writes answer the record; one prospect (GET /prospects/:id) adds these
    ['gradeHistory', 'followUps', 'callback'],
  ),
  ProspectPage: shape({ items: list(ref('Prospect')), total: int, page: int, pageSize: int }),
  Plan: shape(
    {
      ...planFigures,
      status: str,
      editable: bool,
      overrideNote: nullable(str),
      reason: nullable(str),
      basis: nullable(object),
      workflowId: nullable(str),
      submittedAt: nullable(time),
      reviewedAt: nullable(time),
      approvedAt: nullable(time),
      createdAt: time,
      updatedAt: time,
      versions: list(
        shape({ version: int, status: str, reason: nullable(str), createdAt: time, approvedAt: nullable(time) }),
      ),
      /** the version's sign-off steps done so far: who (and for whom when a substitute, 代理, did it) and when */
      signOffs: list(
        shape({
          step: { type: 'string', enum: ['drafted', 'reviewed', 'signed'] },
          by: nullable(str),
          onBehalfOf: nullable(str),
          at: nullable(time),
        }),
      ),
      personalTargets: list(
        shape({
          consultantId: str,
          consultant: nullable(str),
          targets: { type: 'object', additionalProperties: { type: 'number' } },
          status: str,
          comment: nullable(str),
          /** who confirmed it, and for whom when a substitute (代理) did */
          confirmedBy: nullable(str),
          onBehalfOf: nullable(str),
        }),
      ),
    },
    // a decomposition only
    ['personalTargets'],
  ),
  /** PUT /plans/:kind/:period?dryRun=true: the recomputed draft with its checks, nothing saved */
  PlanDryRun: shape({ dryRun: { type: 'boolean', enum: [true] }, ...planFigures }),
  Person: shape({ id: str, displayName: str, roles: list({ type: 'string', enum: [...ROLES, ...REGION_ROLES] }) }),
  People: shape({ items: list(ref('Person')) }),
  Session: shape({ accessToken: str, user: ref('SessionUser') }),
  /** GET /forecast/…: the month's and next month's forecast of a line against its targets (docs/user-guide.md). */
  Forecast: shape(
    {
      scope: { type: 'string', enum: ['dealer', 'model', 'consultant'] },
      id: nullable(str),
      asOf: str,
      month: ref('ForecastMonth'),
      next: ref('ForecastMonth'),
      pipeline: shape(
        Object.fromEntries(['O', 'H', 'A', 'B', 'C'].map((g) => [g, shape({ prospects: int, cars: int })])),
      ),
      rates: list(ref('ForecastRate')),
      nextRates: list(ref('ForecastRate')),
      dealerRates: list(ref('ForecastRate')),
      method: shape({
        lookbackMonths: list(str),
        minObservations: int,
        draws: int,
        flowRates: shape({ orderConversionRate: num, licensingRate: num, nextLicensingRate: num, source: str }),
        stock: nullable(int),
      }),
      whatIf: object,
    },
    ['whatIf'],
  ),
  ForecastMonth: shape({
    month: str,
    target: shape({ orders: nullable(int), aak: nullable(int), submissions: nullable(int) }),
    orders: shape({
      expected: num,
      p10: int,
      p50: int,
      p90: int,
      booked: int,
      pipelineExpected: num,
      newBusinessExpected: num,
    }),
    aak: shape({ expected: int, p10: int, p50: int, p90: int, soFar: int }),
    submissions: shape({ expected: int, p10: int, p50: int, p90: int, soFar: int }),
  }),
  ForecastRate: shape(
    {
      model: str,
      grade: { type: 'string', enum: ['O', 'H', 'A', 'B', 'C'] },
      source: { type: 'string', enum: ['model', 'dealer'] },
      observed: int,
      converted: num,
      rate: num,
      fixed: num,
    },
    ['model', 'fixed'],
  ),
} satisfies Record<string, Schema>;

/** Adds the answers' schemas to `doc` in place and returns it. */
export function withResponseSchemas(doc: OpenAPIObject): OpenAPIObject {
  doc.components ??= {};
  Object.assign((doc.components.schemas ??= {}), RESPONSE_SCHEMAS);
  return doc;
}
