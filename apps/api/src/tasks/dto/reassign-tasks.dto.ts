// POST /api/tasks/reassign: open tasks moved to another person who may decide them (转办), with a reason.
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsUUID } from 'class-validator';
import { IsText, Trim } from '../../common/validators';

export const MAX_REASSIGN = 100;

export class ReassignTasksDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_REASSIGN)
  @ArrayUnique({ message: 'must not name a task twice' })
  @IsUUID('all', { each: true, message: 'each must be a task id (UUID)' })
  taskIds: string[];

  @IsUUID('all', { message: 'must be a user id (UUID)' }) toUserId: string;

  /** Why the tasks move: required, kept in the task history and the audit log. */
  @Trim() @IsText(500) reason: string;
}
