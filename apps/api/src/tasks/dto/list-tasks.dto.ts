// GET /api/tasks query: status, kind (one or a comma-separated list), overdue, dueToday, q (title
// text), order of the due time, page, pageSize, scope (mine, or the dealer's for managers). Filtering,
// paging and the total are done in SQL.
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, ValidateBy } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { TASK_KINDS } from '@kaflow/domain';
import { IsText, IsWhole, Present, QueryBoolean, QueryInt, Trim } from '../../common/validators';

export const MAX_TASK_PAGE = 500;

export class ListTasksQuery {
  @Present() @IsIn(['open', 'done', 'all'], { message: 'must be open, done or all' }) status?: 'open' | 'done' | 'all';

  @Present()
  @Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean)
      : value,
  )
  @ValidateBy({
    name: 'taskKinds',
    validator: {
      validate: (v) => Array.isArray(v) && v.length > 0 && v.every((k) => (TASK_KINDS as string[]).includes(k)),
      defaultMessage: () => `must be one or more of ${TASK_KINDS.join(', ')}, separated by commas`,
    },
  })
  @JSONSchema({ type: 'string', description: 'one task kind or a comma-separated list of kinds' })
  kind?: string[];

  @Present() @QueryBoolean() @IsBoolean({ message: 'must be true or false' }) overdue?: boolean;
  @Present() @QueryBoolean() @IsBoolean({ message: 'must be true or false' }) dueToday?: boolean;
  @Present() @Trim() @IsText(100) q?: string;
  @Present() @IsIn(['asc', 'desc'], { message: 'must be asc or desc' }) order?: 'asc' | 'desc';
  /** `dealer`: every task of the dealer, for the key-account manager and the admin (to reassign them). */
  @Present() @IsIn(['mine', 'dealer'], { message: 'must be mine or dealer' }) scope?: 'mine' | 'dealer';
  @Present() @QueryInt() @IsWhole(1, 100_000) page?: number;
  @Present() @QueryInt() @IsWhole(1, MAX_TASK_PAGE) pageSize?: number;
}
