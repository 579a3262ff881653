// Imports of a dealer's existing lists (留档导入): the template, the upload, the job's progress.
import { Controller, Get, Post, Query, Req, Res, UploadedFile, UseInterceptors, Param } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ImportFileError, prospectTemplate, userTemplate } from '@kaflow/forms';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { Idempotent } from '../common/idempotency';
import { badRequest } from '../common/domain-error';
import { idPipe } from '../common/id.pipe';
import { XLSX_TYPE } from '../forms/forms.service';
import { ImportsService } from './imports.service';
import { UserImportService } from './user-import.service';

interface UploadedList {
  buffer: Buffer;
  originalname: string;
  size: number;
}

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

function flag(field: string, v: unknown): boolean {
  if (v === undefined || v === '') return false;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw badRequest([{ field, problem: 'must be true or false' }]);
}

/** No file: a 415 when the body is not multipart, else a 400 naming `file`. */
function noFile(req: Request, res: Response): void {
  if (!req.is('multipart/form-data')) {
    res.status(415).json({
      statusCode: 415,
      error: 'UnsupportedMediaType',
      message: 'send the list as multipart/form-data with the file in the field "file"',
    });
    return;
  }
  throw badRequest([{ field: 'file', problem: 'is required: an .xlsx or .csv file in the multipart field "file"' }]);
}

/** Runs an import and answers its status, or the 400/413/415 of a file that cannot be read. */
async function answer(res: Response, run: () => Promise<{ status: number; body: unknown }>): Promise<void> {
  try {
    const a = await run();
    res.status(a.status).json(a.body);
  } catch (e) {
    if (!(e instanceof ImportFileError)) throw e;
    const error = { 400: 'BadRequest', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType' }[e.status];
    res.status(e.status).json({
      statusCode: e.status,
      error,
      message: e.message,
      details: e.problems.length
        ? e.problems.map((p) => ({ field: p.column ? `row ${p.row} ${p.column}` : `row ${p.row}`, ...p }))
        : [{ field: 'file', problem: e.message }],
    });
  }
}

function sendXlsx(res: Response, buf: Buffer, name: string, zhName: string): void {
  res.setHeader('Content-Type', XLSX_TYPE);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(zhName)}`,
  );
  res.send(buf);
}

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly userImport: UserImportService,
  ) {}

  /** 留档导入模板: the columns in Chinese, drop-down lists for the enumerations, one example row. */
  @Get('prospects/template.xlsx')
  async template(@Res() res: Response) {
    sendXlsx(res, await prospectTemplate(), 'prospects-template.xlsx', '留档导入模板.xlsx');
  }

  /** 用户导入模板 (admin): login, name, roles, e-mail, WeCom id, headers in Chinese and English, and notes. */
  @Get('users/template.xlsx')
  @Roles('admin')
  async userTemplate(@Res() res: Response) {
    sendXlsx(res, await userTemplate(), 'users-template.xlsx', '用户导入模板.xlsx');
  }

  /**
   * The dealer's user list (admin; .xlsx or .csv as the multipart field `file`): new logins are created,
   * existing ones updated; a bad row is a 400 naming the row and column, and nothing is written.
   */
  @Post('users')
  @Roles('admin')
  @Idempotent()
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } }))
  async uploadUsers(
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
    @UploadedFile() file: UploadedList | undefined,
  ) {
    if (!file) return noFile(req, res);
    await answer(res, () => this.userImport.importUsers(user, file));
  }

  /** Upload a list (.xlsx or .csv, UTF-8 or GBK) as the multipart field `file`. */
  @Post('prospects')
  @Idempotent()
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } }))
  async upload(
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
    @UploadedFile() file: UploadedList | undefined,
    @Query('dryRun') dryRun?: string,
    @Query('skipInvalid') skipInvalid?: string,
  ) {
    const opts = { dryRun: flag('dryRun', dryRun), skipInvalid: flag('skipInvalid', skipInvalid) };
    if (!file) return noFile(req, res);
    await answer(res, () => this.imports.importProspects(user, file, opts));
  }

  /** An import's progress (rows done) and report. */
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', idPipe('import')) id: string) {
    return this.imports.get(user, id);
  }
}
