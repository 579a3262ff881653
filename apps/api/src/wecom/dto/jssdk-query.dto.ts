// GET /api/wecom/jssdk/signature: the page the JS-SDK is to be configured for.
import { IsString, MaxLength, MinLength } from 'class-validator';

export class JsSdkSignatureQueryDto {
  /** The page's full URL as the browser has it (`location.href`; the part after `#` is not signed) */
  @IsString({ message: 'must be the page URL' })
  @MinLength(1, { message: 'must be the page URL' })
  @MaxLength(2000, { message: 'must be at most 2000 characters' })
  url!: string;
}
