// GET /api/region/forms/:no?period=: one form for every dealer of the caller's region (区域经理), side by
// side: JSON with a block per dealer, or an .xlsx with a sheet per dealer. Reads only.
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import {
  formColumns,
  formFileName,
  formJson,
  formSignatures,
  localDateTime,
  pick,
  streamingWorkbook,
  writeFormSheet,
} from '@kaflow/forms';
import type { AuthUser } from '../common/auth-user';
import { FormSourcesService } from './form-sources.service';
import { FormsService, sendXlsx } from './forms.service';
import { CurrentRegionUser, RegionRoute, regionDealers, type RegionUser } from '../common/region-access';

@ApiTags('region')
@ApiBearerAuth()
@RegionRoute()
@Controller('region/forms')
export class RegionFormsController {
  constructor(
    private readonly db: DataSource,
    private readonly forms: FormsService,
    private readonly sources: FormSourcesService,
  ) {}

  @Get(':no')
  async form(
    @CurrentRegionUser() user: RegionUser,
    @Res() res: Response,
    @Param('no') no: string,
    @Query('period') period?: string,
    @Query('lang') lang?: string,
    @Query('format') format?: string,
  ) {
    const req = this.forms.request(no, period, lang, format);
    const dealers = await regionDealers(this.db, user);
    /** Each dealer is read as its GM reads it (the whole dealer), through read-only views only. */
    const readers = dealers.map((d): AuthUser => ({
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: ['gm'],
      dealerId: d.id,
    }));
    if (req.format === 'json') {
      const blocks = [];
      for (const r of readers) {
        const d = await this.sources.forUser(r);
        const j = await formJson(req.def, d.sources, req.ctx(d.timezone), d.dealer.name);
        blocks.push({ dealerId: d.dealer.id, dealer: d.dealer.name, rows: j.rows, signatures: j.signatures });
      }
      const { def, lang: l } = req;
      res.json({
        no: def.no,
        key: def.key,
        title: pick(def.title, l),
        period: req.ctx('Asia/Shanghai').period.value,
        columns: formColumns(def, l),
        dealers: blocks,
      });
      return;
    }
    await sendXlsx(res, formFileName(req.def, req.ctx('Asia/Shanghai').period.value, req.lang), async (out) => {
      const wb = streamingWorkbook(out);
      for (const r of readers) {
        const d = await this.sources.forUser(r);
        const ctx = req.ctx(d.timezone);
        const heading = {
          dealer: d.dealer.name,
          period: ctx.period.value,
          printedAt: localDateTime(new Date(), d.timezone)!,
          lang: req.lang,
        };
        await writeFormSheet(wb, req.def, req.def.rows(d.sources, ctx), heading, {
          name: `${d.dealer.name} ${pick(req.def.title, req.lang)}`,
          signatures: await formSignatures(req.def, d.sources, ctx),
        });
      }
      await wb.commit();
    });
  }
}
