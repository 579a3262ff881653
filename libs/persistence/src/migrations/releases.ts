// The schema of each release, as the number of MIGRATIONS it had. A test migrates a database to the
// last release's schema, loads data, runs the current migrations and checks the data: upgrades are
// tested forward from what dealers run. Add a line when a release is cut.
export const RELEASE_MIGRATION_COUNTS: Record<string, number> = {
  'v0.1.0': 3, // processes 1-6 (the state landed before the structure issue)
};
export const LAST_RELEASE = 'v0.1.0';
