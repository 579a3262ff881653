export * from './enums';
export * from './tasks';
export * from './policy';
export * from './errors';
export * from './clock';
export * from './scorecards';
export * from './password-policy';
