// `@kaflow/calendar/dates`: the calendar-date arithmetic alone, without the holiday tables behind the
// package's index (chinese-days' 1.5 MB JSON). Workflow code imports this entry: the Temporal worker
// evaluates a workflow bundle's modules once for every workflow it keeps cached, so the tables would
// cost each cached workflow about 0.6 MB (500 cached: 300 MB).
export * from './src/dates';
