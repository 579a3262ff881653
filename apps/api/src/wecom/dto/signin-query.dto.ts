// The WeCom sign-in's queries: where it starts (from a WeCom message's link or the app's home page), and what
// WeCom's authorize page sends back.
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class SigninStartQueryDto {
  /** The dealer whose WeCom application the person is in */
  @IsUUID() dealer!: string;
  /** The page to land on afterwards (a path of this site) */
  @IsOptional() @IsString() @MaxLength(500) next?: string;
}

export class SigninReturnQueryDto {
  /** WeCom's one-time code */
  @IsString() @IsNotEmpty() @MaxLength(512) code!: string;
  /** The state this browser was sent with */
  @IsString() @IsNotEmpty() @MaxLength(128) state!: string;
}
