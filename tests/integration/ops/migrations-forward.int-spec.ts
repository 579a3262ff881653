// Migrations run forward from the last release's schema: a database at v0.1.0 with data in it takes
// every current migration and keeps its data.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ensureDatabase } from '@kaflow/persistence';
import { MIGRATIONS } from '../../../libs/persistence/src/migrations';
import { LAST_RELEASE, RELEASE_MIGRATION_COUNTS } from '../../../libs/persistence/src/migrations/releases';
import { scratchDatabase } from '../../support/scratch-db';

const scratch = scratchDatabase('migfwd');
const url = scratch.url;
const source = (migrations: unknown[]) =>
  new DataSource({ type: 'postgres', url, migrations: migrations as any, migrationsTransactionMode: 'each' });

const dropDatabase = scratch.drop;

beforeAll(async () => {
  await dropDatabase();
  await ensureDatabase(url);
});
afterAll(dropDatabase);

it(`upgrades a ${LAST_RELEASE} database with data to the current schema and keeps the data`, async () => {
  const count = RELEASE_MIGRATION_COUNTS[LAST_RELEASE];
  expect(MIGRATIONS.length).toBeGreaterThanOrEqual(count);
  const old = source(MIGRATIONS.slice(0, count));
  await old.initialize();
  expect((await old.runMigrations()).map((m) => m.name)).toHaveLength(count);
  // data as v0.1.0 wrote it (columns of that schema only)
  const one = async (sql: string, params: unknown[] = []) =>
    ((await old.query(sql, params)) as Array<{ id: string }>)[0];
  const region = await one(`INSERT INTO region (code, name) VALUES ('migfwd', '迁移区') RETURNING id`);
  const dealer = await one(
    `INSERT INTO dealer ("regionId", code, name) VALUES ($1, 'migfwd', '迁移测试经销商') RETURNING id`,
    [region.id],
  );
  const user = await one(
    `INSERT INTO app_user ("dealerId", username, "displayName", email, "passwordHash", roles)
     VALUES ($1, 'migfwd_consultant', '迁移顾问', 'c@migfwd.test', 'x', '{consultant}') RETURNING id`,
    [dealer.id],
  );
  const account = await one(
    `INSERT INTO account ("dealerId", name, "customerType") VALUES ($1, '成都市迁移局', 'government') RETURNING id`,
    [dealer.id],
  );
  const contact = await one(
    `INSERT INTO contact ("dealerId", "accountId", name, phone) VALUES ($1, $2, '刘科长', '13880001234') RETURNING id`,
    [dealer.id, account.id],
  );
  const prospect = await one(
    `INSERT INTO prospect ("dealerId", "accountId", "contactId", model, quantity, grade, channel, "developmentType",
      "ownerId", version)
     VALUES ($1, $2, $3, 'A6L', 8, 'A', 'business_event', 'new', $4, 1) RETURNING id`,
    [dealer.id, account.id, contact.id, user.id],
  );
  await old.destroy();

  const current = source(MIGRATIONS);
  await current.initialize();
  const ran = await current.runMigrations();
  expect(ran.map((m) => m.name)).toEqual(MIGRATIONS.slice(count).map((m) => m.name));
  const [row] = await current.query(
    `SELECT p.model, p.quantity, p.grade, a.name AS account, c.phone, u.username
       FROM prospect p JOIN account a ON a.id = p."accountId" JOIN contact c ON c.id = p."contactId"
       JOIN app_user u ON u.id = p."ownerId" WHERE p.id = $1`,
    [prospect.id],
  );
  expect(row).toEqual({
    model: 'A6L',
    quantity: 8,
    grade: 'A',
    account: '成都市迁移局',
    phone: '13880001234',
    username: 'migfwd_consultant',
  });
  expect(await current.query(`SELECT count(*)::int AS n FROM dealer WHERE code = 'migfwd'`)).toEqual([{ n: 1 }]);
  // and the current schema can be undone to the release and redone (every new migration has a working down)
  for (let i = MIGRATIONS.length; i > count; i--) await current.undoLastMigration();
  expect(await current.query(`SELECT count(*)::int AS n FROM prospect WHERE id = $1`, [prospect.id])).toEqual([
    { n: 1 },
  ]);
  await current.runMigrations();
  await current.destroy();
});
