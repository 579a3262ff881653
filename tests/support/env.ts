// A real environment for integration tests: PostgreSQL, an SMTP listener, a Temporal worker on a
// task queue of its own, and a client. Each test file starts one and stops it.
import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, makeTelemetryFilterString, type Worker } from '@temporalio/worker';
import type { DataSource, FindOptionsWhere } from 'typeorm';
import { createDataSource, TaskEntity } from '@kaflow/persistence';
import { createSmtpMailer, outboxDeps, startFlusher, type ActivityDeps, type Mailer } from '@kaflow/activities';
import { createWorker } from '../../apps/worker/src/worker';
import { startMailCatcher, type CaughtMail, type MailCatcher } from './mail-catcher';
import { createDealer, runId, type DealerFixture } from './fixtures';
import { BUNDLE_PATH, TEMPORAL_ADDRESS, TEST_DATABASE_URL } from './settings';
import { PinnableClock } from './clock';

let runtimeInstalled = false;

export interface TestEnv {
  tag: string;
  db: DataSource;
  client: Client;
  taskQueue: string;
  mail: MailCatcher;
  mailer: Mailer;
  smtpUrl: string;
  /** The activities' clock (real time unless a test pins it; unpin in a `finally`). */
  clock: PinnableClock;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  createDealer(policyPatch?: Record<string, unknown>): Promise<DealerFixture>;
  mailsTo(address: string): CaughtMail[];
  /** Subjects of the mails a dealer fixture's user (`consultant`, `gm`, …) received so far. */
  subjects(f: DealerFixture, user: string): string[];
  tasks(where: FindOptionsWhere<TaskEntity>): Promise<TaskEntity[]>;
  stop(): Promise<void>;
}

export async function startTestEnv(opts: { publicUrl?: string } = {}): Promise<TestEnv> {
  if (!runtimeInstalled) {
    runtimeInstalled = true;
    try {
      Runtime.install({
        logger: new DefaultLogger('WARN'),
        telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
      });
    } catch {
      /* already installed */
    }
  }
  const tag = runId();
  const taskQueue = `test-${tag}`;
  const db = await createDataSource(TEST_DATABASE_URL, { poolSize: 10, name: `kaflow-test-${tag}` }).initialize();
  const mail = await startMailCatcher({ smtpPort: 0, webPort: 0 });
  const smtpUrl = `smtp://127.0.0.1:${mail.smtpPort}`;
  const mailer = createSmtpMailer(smtpUrl, 'KA Flow <kaflow@test.local>');
  const connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
  const client = new Client({ connection });
  let workerConnection: NativeConnection | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let dealers = 0;
  const clock = new PinnableClock();
  // One deps object for the run (the outbox keeps its WeCom client per deps); a short debounce, and a short wait
  // after a WeCom robot's 45009 (the order of the tries is tested, not the 15 s).
  const deps: ActivityDeps = {
    db,
    mailer,
    publicUrl: opts.publicUrl ?? 'http://localhost:3000',
    now: () => clock.now(),
    notify: {
      config: { debounceMs: 300, flushEveryMs: 100, wecomRateLimitedDelayMs: 500 },
      dealerIds: () => dealerIds,
    },
  };
  const dealerIds: string[] = [];
  let flusher: ReturnType<typeof startFlusher> | undefined;

  const env: TestEnv = {
    tag,
    db,
    client,
    taskQueue,
    mail,
    mailer,
    smtpUrl,
    clock,
    async startWorker() {
      workerConnection ??= await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
      worker = await createWorker({
        connection: workerConnection,
        namespace: 'default',
        taskQueue,
        deps,
        workflowBundle: { codePath: BUNDLE_PATH },
      });
      running = worker.run();
      flusher = startFlusher(outboxDeps(deps));
    },
    async stopWorker() {
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await flusher?.stop();
      flusher = undefined;
      worker = undefined;
    },
    async createDealer(patch) {
      const f = await createDealer(db, `${tag}${++dealers}`, patch);
      dealerIds.push(f.dealer.id);
      return f;
    },
    mailsTo: (address) => mail.messages().filter((m) => m.to.some((t) => t.address === address)),
    subjects: (f, user) => env.mailsTo(f.users[user].email).map((m) => m.subject),
    tasks: (where) => db.getRepository(TaskEntity).find({ where, order: { createdAt: 'ASC' } }),
    async stop() {
      await env.stopWorker();
      await workerConnection?.close();
      await connection.close();
      mailer.close();
      await mail.close();
      await db.destroy();
    },
  };
  await env.startWorker();
  return env;
}

/** A test's end: the workflows it started are terminated (those still running), then the environment stops. */
export async function terminateAndStop(
  env: Pick<TestEnv, 'client' | 'stop'> | undefined,
  workflowIds: Iterable<string>,
): Promise<void> {
  if (!env) return;
  for (const id of workflowIds)
    await env.client.workflow
      .getHandle(id)
      .terminate('test done')
      .catch(() => undefined);
  await env.stop();
}
