// The authenticated caller, as the guard puts it on the request.
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@kaflow/domain';

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  dealerId: string;
}

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user,
);

export const IS_PUBLIC = 'kaflow:public';
/** No token needed (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ROLES_KEY = 'kaflow:roles';
/** Only these roles may call (admin always may). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const hasRole = (u: AuthUser, ...roles: Role[]) => u.roles.some((r) => roles.includes(r));
