// A throwaway database beside the test database (`<test db>_<suffix>`), dropped before and after a test.
import { DataSource } from 'typeorm';
import { TEST_DATABASE_URL } from './settings';

export function scratchDatabase(suffix: string): { url: string; drop(): Promise<void> } {
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `${u.pathname}_${suffix}`;
  const url = u.toString();
  return {
    url,
    async drop() {
      const admin = new URL(url);
      const name = admin.pathname.slice(1);
      admin.pathname = '/postgres';
      const ds = await new DataSource({ type: 'postgres', url: admin.toString() }).initialize();
      await ds.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await ds.destroy();
    },
  };
}
