// Request bodies of the visit check-in (走访签到): the position is optional, but lat, lng and accuracy come together.
import { IsNumber, IsUUID, Max, Min, ValidateIf } from 'class-validator';

const hasPosition = (o: CheckInDto) => o.lat !== undefined || o.lng !== undefined || o.accuracy !== undefined;
const NUMBER = { allowNaN: false, allowInfinity: false };
const LAT_MSG = { message: 'must be a latitude from -90 to 90 (given with lng and accuracy)' };
const LNG_MSG = { message: 'must be a longitude from -180 to 180 (given with lat and accuracy)' };
const ACC_MSG = { message: 'must be the accuracy in metres, 0 or more (given with lat and lng)' };

/** A check-in on a planned visit; without lat/lng/accuracy it is recorded as "no position". */
export class CheckInDto {
  /** Latitude, WGS-84 degrees, as the phone's geolocation gives it. */
  @ValidateIf(hasPosition) @IsNumber(NUMBER, LAT_MSG) @Min(-90, LAT_MSG) @Max(90, LAT_MSG) lat?: number;
  /** Longitude, WGS-84 degrees. */
  @ValidateIf(hasPosition) @IsNumber(NUMBER, LNG_MSG) @Min(-180, LNG_MSG) @Max(180, LNG_MSG) lng?: number;
  /** Radius of the position's 95 % circle in metres, as the browser reports it. */
  @ValidateIf(hasPosition) @IsNumber(NUMBER, ACC_MSG) @Min(0, ACC_MSG) @Max(1_000_000, ACC_MSG) accuracy?: number;
}

/** A check-in on a visit that was not planned: it is added to today's plan as unplanned. */
export class UnplannedCheckInDto extends CheckInDto {
  /** One of the caller's own prospects: the visit's account is its account. */
  @IsUUID('all', { message: 'must be an id (UUID)' }) prospectId: string;
}
