import { IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class CompleteTaskDto {
  @IsString() @MinLength(1) @MaxLength(40) decision: string;
  @IsOptional() @IsString() @MaxLength(4000) comment?: string;
  @IsOptional() @IsObject() data?: Record<string, unknown>;
}
