import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { ROLES } from '@kaflow/domain';
import { IsEmailAddress, IsText, Present, Trim } from '../../common/validators';

/** The roles a dealer's admin may give: every dealer role, never the platform's own (sysadmin). */
const DEALER_ROLES = ROLES.filter((r) => r !== 'sysadmin');
const ROLE_MESSAGE = `each must be one of ${DEALER_ROLES.join(', ')}`;
export const WECOM_USER_ID = /^[\w.@-]{1,64}$/;
const WECOM_MESSAGE =
  'must be the WeCom user id (账号) from the WeCom admin console: letters, digits, _ . @ -, up to 64';

/** A new user of the admin's dealer. */
export class CreateUserDto {
  @Trim() @Matches(/^[a-z0-9_.-]{3,40}$/, { message: 'must be 3 to 40 characters: a-z, 0-9, _ . -' }) username: string;
  @Trim() @IsText(60) displayName: string;
  @Trim() @IsEmailAddress() email: string;
  @IsArray({ message: 'must be a list of roles' })
  @ArrayMinSize(1, { message: 'must name at least one role' })
  @ArrayMaxSize(DEALER_ROLES.length)
  @IsIn(DEALER_ROLES, { each: true, message: ROLE_MESSAGE })
  roles: string[];
  @IsText(200, 10, { message: 'must be 10 to 200 characters' }) password: string;
  /** The person's WeCom user id (WeCom sign-in, messages and card clicks); null or absent: not linked. */
  @IsOptional() @Trim() @Matches(WECOM_USER_ID, { message: WECOM_MESSAGE }) wecomUserId?: string | null;
}

/** Changes to a user: roles, disable/enable, a new password (reset), names. */
export class UpdateUserDto {
  @Present() @Trim() @IsText(60) displayName?: string;
  @Present() @Trim() @IsEmailAddress() email?: string;
  @Present()
  @IsArray({ message: 'must be a list of roles' })
  @ArrayMinSize(1, { message: 'must name at least one role' })
  @ArrayMaxSize(DEALER_ROLES.length)
  @IsIn(DEALER_ROLES, { each: true, message: ROLE_MESSAGE })
  roles?: string[];
  @Present() @IsBoolean({ message: 'must be true or false' }) active?: boolean;
  @Present() @IsText(200, 10, { message: 'must be 10 to 200 characters' }) password?: string;
  /** The person's WeCom user id; null unlinks it. */
  @IsOptional() @Trim() @Matches(WECOM_USER_ID, { message: WECOM_MESSAGE }) wecomUserId?: string | null;
}
