// The query WeCom adds to its callback URL (GET check and POST events).
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class CallbackQueryDto {
  /** sha1 of the sorted Token, timestamp, nonce and ciphertext, hex */
  @IsString() @IsNotEmpty() @MaxLength(64) msg_signature!: string;
  @IsString() @IsNotEmpty() @MaxLength(32) timestamp!: string;
  @IsString() @IsNotEmpty() @MaxLength(64) nonce!: string;
  /** GET only: the sealed string to open and echo */
  @IsOptional() @IsString() @MaxLength(4096) echostr?: string;
}
