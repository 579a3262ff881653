// The import template (留档导入模板): the 留档 record's columns with Chinese headers, a drop-down list
// for every enumeration, one filled example row (never imported) and a sheet explaining the columns.
import ExcelJS from 'exceljs';
import { EXAMPLE_PREFIX, headerText, IMPORT_COLUMNS } from './prospect-columns';

const LIST_ROWS = 20_001;

const colLetter = (n: number): string => {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

export async function prospectTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'KA Flow';
  const ws = wb.addWorksheet('留档导入', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = IMPORT_COLUMNS.map((c) => ({ header: headerText(c), key: c.key, width: c.width }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  const example = ws.addRow(Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, c.example])));
  example.font = { italic: true, color: { argb: 'FF808080' } };
  IMPORT_COLUMNS.forEach((c, i) => {
    const letter = colLetter(i + 1);
    ws.getColumn(i + 1).numFmt = '@';
    if (!c.options) return;
    const list = c.options.map((o) => o.label).join(',');
    (ws as any).dataValidations.add(`${letter}2:${letter}${LIST_ROWS}`, {
      type: 'list',
      allowBlank: !c.required,
      formulae: [`"${list}"`],
      showErrorMessage: true,
      errorTitle: c.header,
      error: `请从列表中选择${c.header}`,
    });
  });
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 14 },
    { header: '必填', width: 8 },
    { header: '说明', width: 80 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of IMPORT_COLUMNS) {
    const allowed = c.options
      ? `可选：${c.options.map((o) => o.label).join('、')}（也可填代码 ${c.options.map((o) => o.code).join(', ')}）`
      : '';
    help.addRow([
      c.header,
      c.required ? '是' : '否',
      [allowed, c.key === 'owner' ? '顾问的登录账号；不填则为导入人' : ''].filter(Boolean).join('；'),
    ]);
  }
  help.addRow([]);
  help.addRow([
    '说明',
    '',
    `第2行为示例（单位名称以“${EXAMPLE_PREFIX}”开头），导入时跳过。同一单位名称+联系电话+车型视为同一潜客，重复导入不会新建。`,
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
