// @kaflow/forms — the 14 forms of the manual's toolkit (manual §5) as JSON and .xlsx, and the 留档
// import: its template, file reader and row validator. No database access: the rows come through
// FormSources, which the API implements over its views.
export * from './form.types';
export { localDateTime, localDay, pick, signedBy } from './format';
export { FORMS, findForm, formList, parsePeriod, toolkitPeriod } from './registry';
export {
  formJson,
  formColumns,
  formSignatures,
  formFileName,
  writeFormXlsx,
  writeToolkitXlsx,
  type FormJson,
  type XlsxMeta,
} from './run';
export { looksLikeFormula, sheetName, toXlsxCell, wallClockDate } from './xlsx/cells';
export { headerRows, writeFormSheet, streamingWorkbook, type SheetHeading } from './xlsx/form-sheet.writer';
export * from './import/prospect-columns';
export * from './import/import-file.reader';
export * from './import/prospect-import.validator';
export { prospectTemplate } from './import/prospect-template';
export * from './import/user-import';
