import { IsOptional, Matches } from 'class-validator';

export class TriggerDto {
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }) businessDate?: string;
}
