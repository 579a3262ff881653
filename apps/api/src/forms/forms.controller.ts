// The 14 forms of the toolkit (manual §5): the list, one form as JSON or .xlsx, and the toolkit
// workbook of a month. Every form reads the caller's dealer only (a consultant: their own prospects).
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { formFileName, formList, writeToolkitXlsx } from '@kaflow/forms';
import { CurrentUser, type AuthUser } from '../common/auth-user';
import { RegionRoute } from '../common/region-access';
import { FormsService, readLang, sendXlsx } from './forms.service';

@ApiTags('forms')
@ApiBearerAuth()
@Controller('forms')
export class FormsController {
  constructor(private readonly forms: FormsService) {}

  /** The 14 forms, numbered as the manual's 附件 1–14, with their period kind (static: the region pages read it too). */
  @Get()
  @RegionRoute({ alsoDealers: true })
  list(@Query('lang') lang?: string) {
    return formList(readLang(lang));
  }

  /** 工具包: every form of the month in one workbook, a sheet per form. */
  @Get('toolkit.xlsx')
  async toolkit(
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
    @Query('month') month?: string,
    @Query('lang') lang?: string,
  ) {
    const m = this.forms.month(month);
    const l = readLang(lang);
    const { sources, timezone, meta } = await this.forms.dealerForms(user);
    const name = l === 'en' ? `toolkit_${m}.xlsx` : `工具包_${m}.xlsx`;
    await this.forms.recordDownload(user, 'toolkit', m, l);
    await sendXlsx(res, name, (out) => writeToolkitXlsx(sources, m, timezone, l, meta, out));
  }

  /** One form: JSON `{ no, title, period, columns, rows }`, or the .xlsx laid out like the paper form. */
  @Get(':no')
  async form(
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
    @Param('no') no: string,
    @Query('period') period?: string,
    @Query('lang') lang?: string,
    @Query('format') format?: string,
  ) {
    const req = this.forms.request(no, period, lang, format);
    const dealer = await this.forms.dealerForms(user);
    if (req.format === 'json') {
      res.json(await this.forms.json(req, dealer));
      return;
    }
    const periodValue = req.ctx(dealer.timezone).period.value;
    await this.forms.recordDownload(user, req.def, periodValue, req.lang);
    await sendXlsx(res, formFileName(req.def, periodValue, req.lang), (out) => this.forms.xlsx(req, dealer, out));
  }
}
