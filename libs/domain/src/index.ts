export * from './enums';
export * from './tasks';
export * from './policy';
export * from './errors';
export * from './clock';
export * from './scorecards';
export * from './phone';
export * from './password-policy';
