// Imports of a dealer's existing lists (留档导入): the template, the upload, the job's progress.
import { Controller, Get, Post, Query, Req, Res, UploadedFile, UseInterceptors, Param } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ImportFileError, prospectTemplate } from '@kaflow/forms';
import { CurrentUser, type AuthUser } from '../common/auth-user';
import { Idempotent } from '../common/idempotency';
import { badRequest } from '../common/domain-error';
import { idPipe } from '../common/id.pipe';
import { XLSX_TYPE } from '../forms/forms.service';
import { ImportsService } from './imports.service';

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

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** 留档导入模板: the columns in Chinese, drop-down lists for the enumerations, one example row. */
  @Get('prospects/template.xlsx')
  async template(@Res() res: Response) {
    const buf = await prospectTemplate();
    res.setHeader('Content-Type', XLSX_TYPE);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="prospects-template.xlsx"; filename*=UTF-8''${encodeURIComponent('留档导入模板.xlsx')}`,
    );
    res.send(buf);
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
    if (!file) {
      if (!req.is('multipart/form-data')) {
        res.status(415).json({
          statusCode: 415,
          error: 'UnsupportedMediaType',
          message: 'send the list as multipart/form-data with the file in the field "file"',
        });
        return;
      }
      throw badRequest([
        { field: 'file', problem: 'is required: an .xlsx or .csv file in the multipart field "file"' },
      ]);
    }
    try {
      const answer = await this.imports.importProspects(user, file, opts);
      res.status(answer.status).json(answer.body);
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

  /** An import's progress (rows done) and report. */
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', idPipe('import')) id: string) {
    return this.imports.get(user, id);
  }
}
