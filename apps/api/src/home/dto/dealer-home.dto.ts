// `GET /api/home/dealer` and `GET /api/region/home`: the query and the answers' shapes (the OpenAPI document's,
// from which the web's types are generated).
import { Matches } from 'class-validator';
import { GRADES, TASK_KINDS } from '@kaflow/domain';
import { MONTH_RE, Present } from '../../common/validators';

/** `[?month=YYYY-MM]`: the month to show; the dealer's current month without it. */
export class DealerHomeQuery {
  @Present() @Matches(MONTH_RE, { message: 'must be a month YYYY-MM' }) month?: string;
}

type Schema = Record<string, any>;
const str = { type: 'string' };
const int = { type: 'integer' };
const num = { type: 'number' };
const time = { type: 'string', format: 'date-time' };
const nullable = (s: Schema): Schema => ({ ...s, nullable: true });
const list = (items: Schema): Schema => ({ type: 'array', items });
const shape = (properties: Record<string, Schema>): Schema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
});
const grade = { type: 'string', enum: [...GRADES] };
const measures = shape({ orders: int, aak: int, submissions: int });
const deviation = shape({ target: int, actual: int, deviation: int, pct: nullable(num) });
const monthFigures = shape({
  month: str,
  target: nullable(measures),
  actual: nullable(measures),
  seasonal: nullable(measures),
});
const funnel = shape({
  byGrade: list(shape({ grade, count: int })),
  moves: list(shape({ from: grade, to: grade, count: int })),
});
const taskLine = shape({
  id: str,
  kind: { type: 'string', enum: [...TASK_KINDS] },
  title: str,
  dueAt: time,
  escalationLevel: int,
  assignee: nullable(str),
});

export const DEALER_HOME_SCHEMA: Schema = shape({
  view: { type: 'string', enum: ['manager', 'director'] },
  month: str,
  today: str,
  timezone: str,
  year: list(monthFigures),
  current: monthFigures,
  funnel,
  team: list(
    shape({
      userId: str,
      displayName: str,
      target: nullable(measures),
      actual: measures,
      overdueFollowUps: int,
      hotCustomers: int,
      openTasks: int,
    }),
  ),
  tasksByKind: list(
    shape({ kind: { type: 'string', enum: [...TASK_KINDS] }, open: int, overdue: int, escalated: int }),
  ),
  deadlines: shape({
    monthEndWindow: list(str),
    weeklyReview: nullable(str),
    escalations: list(taskLine),
  }),
  pending: list(taskLine),
  accuracy: nullable(
    list(
      shape({
        month: str,
        totals: nullable(shape({ orders: deviation, aak: deviation, submissions: deviation })),
      }),
    ),
  ),
  scorecards: nullable(list(shape({ userId: str, displayName: str, role: str, total: num }))),
});

export const REGION_HOME_SCHEMA: Schema = shape({
  month: str,
  region: shape({ id: str, code: str, name: str }),
  dealers: list(
    shape({
      id: str,
      code: str,
      name: str,
      target: nullable(measures),
      actual: measures,
      funnel,
    }),
  ),
});
