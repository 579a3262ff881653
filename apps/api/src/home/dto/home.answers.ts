// The homes' answers as the OpenAPI document gives them (the web's types are generated from it).
type Schema = Record<string, unknown>;
const str = { type: 'string' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const time = { type: 'string', format: 'date-time' };
const date = { type: 'string', format: 'date' };
const nullable = (s: Schema): Schema => ({ ...s, nullable: true });
const list = (items: Schema): Schema => ({ type: 'array', items });
const shape = (properties: Record<string, Schema>): Schema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
});
const grade = { type: 'string', enum: ['O', 'H', 'A', 'B', 'C', 'D', 'F', 'W'] };

export const CONSULTANT_HOME_ANSWER = shape({
  consultant: shape({ id: str, displayName: str }),
  today: date,
  month: str,
  timezone: str,
  followUps: shape({
    dueToday: int,
    overdue: int,
    items: list(
      shape({
        prospectId: str,
        account: str,
        contact: str,
        phone: str,
        model: str,
        quantity: int,
        grade,
        hot: bool,
        dueAt: time,
        overdue: bool,
      }),
    ),
  }),
  hot: shape({
    target: int,
    customers: int,
    behind: int,
    items: list(shape({ prospectId: str, account: str, grade, followUps: int, nextFollowUpDue: nullable(time) })),
  }),
  toGrade: shape({ count: int, items: list(shape({ prospectId: str, account: str, model: str, createdAt: time })) }),
  tasks: shape({
    open: int,
    overdue: int,
    items: list(shape({ id: str, kind: str, title: str, dueAt: time, overdue: bool })),
  }),
  visitsToday: shape({
    count: int,
    items: list(shape({ id: str, accountName: nullable(str), purpose: nullable(str), done: bool })),
  }),
  myMonth: shape({
    orderTarget: nullable(int),
    ordersSoFar: int,
    pipeline: shape({ H: int, A: int, B: int, C: int, O: int }),
  }),
});

export const SERVICE_HOME_ANSWER = shape({
  today: date,
  month: str,
  timezone: str,
  callbacks: shape({
    open: int,
    dueToday: int,
    overdue: int,
    items: list(shape({ id: str, title: str, dueAt: time, overdue: bool, prospectId: str })),
  }),
  rectifications: shape({
    open: int,
    overdue: int,
    items: list(
      shape({ id: str, title: str, dueAt: time, overdue: bool, prospectId: nullable(str), assignee: nullable(str) }),
    ),
  }),
  accuracy: shape({ numerator: int, denominator: int, value: nullable({ type: 'number' }) }),
});
