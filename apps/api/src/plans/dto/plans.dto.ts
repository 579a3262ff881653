import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsObject, Min } from 'class-validator';

export class EditPlanDto {
  @ApiProperty({ description: 'The draft revision this edit was made on (409 when stale)', example: 1 })
  @IsInt({ message: "must be the draft's revision number" })
  @Min(1)
  revision: number;

  @ApiProperty({
    description: 'Plan input fields to change; objects (targets, shares) merge one level deep',
    type: Object,
  })
  @IsObject({ message: 'must be an object of plan input fields' })
  input: Record<string, unknown>;
}
