import { IsUUID } from 'class-validator';
import { Present } from '../../common/validators';

/** `GET /api/home/consultant[?consultantId=]`: a manager, director or GM names one of the dealer's consultants. */
export class ConsultantHomeQuery {
  @Present() @IsUUID('all', { message: 'must be an id (UUID)' }) consultantId?: string;
}
