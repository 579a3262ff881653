// Reading a form request (number, period by the form's kind, language, format; 400 naming the field)
// and producing it for one dealer, as JSON or streamed .xlsx.
import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import {
  findForm,
  formJson,
  localDateTime,
  parsePeriod,
  writeFormXlsx,
  type FormContext,
  type FormDefinition,
  type Lang,
  type XlsxMeta,
} from '@kaflow/forms';
import type { AuthUser } from '../common/auth-user';
import { requireMonth } from '../common/dates';
import { badRequest, notFound } from '../common/domain-error';
import { FormSourcesService, type DealerForms } from './form-sources.service';
import { DataSource } from 'typeorm';
import { writeAudit } from '@kaflow/records';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function readLang(v: unknown): Lang {
  if (v === undefined || v === '') return 'zh';
  if (typeof v === 'string' && /^(zh|zh-cn|cn)$/i.test(v)) return 'zh';
  if (typeof v === 'string' && /^en(-\w+)?$/i.test(v)) return 'en';
  throw badRequest([{ field: 'lang', problem: 'must be zh or en' }]);
}

/** Columns that name or reach a person: the contact, their phone, an event's lead. */
const PERSONAL_COLUMNS = ['contact', 'phone', 'lead'];
export const holdsPersonalData = (def: FormDefinition) => def.columns.some((c) => PERSONAL_COLUMNS.includes(c.key));

export interface FormRequest {
  def: FormDefinition;
  lang: Lang;
  format: 'json' | 'xlsx';
  ctx(timezone: string): FormContext;
}

export interface DealerFormsWithMeta extends DealerForms {
  meta: XlsxMeta;
}

const log = new Logger('Forms');

/** Streams a workbook as the response; a failure half-way cuts the download (it never becomes a bad file). */
export async function sendXlsx(
  res: Response,
  name: string,
  write: (out: NodeJS.WritableStream) => Promise<unknown>,
): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', XLSX_TYPE);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  );
  try {
    await write(res);
  } catch (e) {
    log.error(`xlsx ${name} failed half-way: ${(e as Error)?.message ?? e}`);
    res.destroy(e as Error);
  }
}

@Injectable()
export class FormsService {
  constructor(
    private readonly sources: FormSourcesService,
    private readonly db: DataSource,
  ) {}

  /** PIPL: a download (.xlsx) of a form that holds customers' personal data (names, phones) goes into the audit
   *  log: who, which form (or the toolkit), which period. */
  async recordDownload(user: AuthUser, form: FormDefinition | 'toolkit', period: string, lang: string) {
    if (form !== 'toolkit' && !holdsPersonalData(form)) return;
    await writeAudit(this.db, {
      dealerId: user.dealerId,
      actorUserId: user.id,
      action: 'form.downloaded',
      entityType: 'form',
      entityId: form === 'toolkit' ? 'toolkit' : String(form.no),
      detail: { form: form === 'toolkit' ? 'toolkit' : form.key, period, lang },
    });
  }

  month(v: unknown): string {
    return requireMonth('month', v);
  }

  request(no: string, period: unknown, lang: unknown, format: unknown): FormRequest {
    const n = /^\d{1,2}$/.test(no) ? Number(no) : NaN;
    const def = findForm(n);
    if (!def) throw notFound(`form ${no} (the toolkit has forms 1–14)`);
    const l = readLang(lang);
    if (format !== undefined && format !== '' && format !== 'json' && format !== 'xlsx') {
      throw badRequest([{ field: 'format', problem: 'must be json or xlsx' }]);
    }
    const p = parsePeriod(def.period, period);
    if ('problem' in p) throw badRequest([{ field: 'period', problem: p.problem }]);
    return {
      def,
      lang: l,
      format: format === 'xlsx' ? 'xlsx' : 'json',
      ctx: (timezone) => ({ period: p, timezone, lang: l }),
    };
  }

  async dealerForms(user: AuthUser): Promise<DealerFormsWithMeta> {
    const d = await this.sources.forUser(user);
    return { ...d, meta: { dealer: d.dealer.name, printedAt: localDateTime(new Date(), d.timezone)! } };
  }

  json(req: FormRequest, d: DealerFormsWithMeta) {
    return formJson(req.def, d.sources, req.ctx(d.timezone), d.dealer.name);
  }

  xlsx(req: FormRequest, d: DealerFormsWithMeta, out: NodeJS.WritableStream) {
    return writeFormXlsx(req.def, d.sources, req.ctx(d.timezone), d.meta, out);
  }
}
