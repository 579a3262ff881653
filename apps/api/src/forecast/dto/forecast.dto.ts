import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsObject, Max, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsText, IsWhole, Present, Trim } from '../../common/validators';

/** `?asOf=YYYY-MM-DD` (default: today at the dealer) */
export class ForecastQuery {
  @ApiPropertyOptional({ description: 'the as-of date YYYY-MM-DD: records known at its start; default today' })
  @Present()
  @IsCalendarDate({ message: 'must be a date YYYY-MM-DD' })
  asOf?: string;
}

const rate = () => [
  Present(),
  IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a rate from 0 to 1' }),
  Min(0, { message: 'must be a rate from 0 to 1' }),
  Max(1, { message: 'must be a rate from 0 to 1' }),
];
const apply =
  (...ds: PropertyDecorator[]): PropertyDecorator =>
  (t, k) =>
    ds.forEach((d) => d(t, k));

export class WhatIfRates {
  @ApiPropertyOptional() @apply(...rate()) O?: number;
  @ApiPropertyOptional() @apply(...rate()) H?: number;
  @ApiPropertyOptional() @apply(...rate()) A?: number;
  @ApiPropertyOptional() @apply(...rate()) B?: number;
  @ApiPropertyOptional() @apply(...rate()) C?: number;
}

export class WhatIfProspects {
  @ApiPropertyOptional() @Present() @IsWhole(0, 1000) H?: number;
  @ApiPropertyOptional() @Present() @IsWhole(0, 1000) A?: number;
}

/** The director's what-if: the forecast again with rates set per grade and H/A prospects added; saves nothing. */
export class WhatIfBody {
  @ApiPropertyOptional({ description: 'the as-of date YYYY-MM-DD; default today' })
  @Present()
  @IsCalendarDate({ message: 'must be a date YYYY-MM-DD' })
  asOf?: string;

  @ApiPropertyOptional({ enum: ['dealer', 'model', 'consultant'] })
  @Present()
  @IsIn(['dealer', 'model', 'consultant'], { message: 'must be dealer, model or consultant' })
  scope?: 'dealer' | 'model' | 'consultant';

  @ApiPropertyOptional({ description: 'the model code or the consultant id, with scope model or consultant' })
  @Present()
  @Trim()
  @IsText(100)
  id?: string;

  @ApiPropertyOptional({ type: WhatIfRates, description: 'a rate 0–1 per grade, taken as known' })
  @Present()
  @IsObject({ message: 'must be an object of rates per grade (O H A B C)' })
  @ValidateNested()
  @Type(() => WhatIfRates)
  rates?: WhatIfRates;

  @ApiPropertyOptional({ type: WhatIfProspects, description: 'H and A prospects added, one car each' })
  @Present()
  @IsObject({ message: 'must be { H, A }: whole numbers of prospects added' })
  @ValidateNested()
  @Type(() => WhatIfProspects)
  addProspects?: WhatIfProspects;
}
