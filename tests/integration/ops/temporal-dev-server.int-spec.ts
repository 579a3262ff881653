// The dev/test Temporal server our scripts start (scripts/temporal/server.yaml, Temporal server v1.32.0
// on SQLite): two at once on their own port spans and files, namespace `default` registered, and a
// kill -9 and restart on the same file resuming what it held (the fault tests rely on that).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { freeDevServerPort } from '../../../scripts/temporal/dev-server';
import { RUN_DIR, startTemporal, type Proc } from '../../support/stack';

const procs: Proc[] = [];
const connections: Connection[] = [];

async function connect(port: number): Promise<Client> {
  const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
  connections.push(connection);
  return new Client({ connection, namespace: 'default' });
}

function freshFile(name: string): string {
  const file = join(RUN_DIR, `${name}.db`);
  for (const f of ['', '-journal', '-wal', '-shm']) rmSync(file + f, { force: true });
  return file;
}

afterAll(async () => {
  for (const c of connections) await c.close().catch(() => undefined);
  for (const p of procs) await p.kill('SIGKILL');
});

it('runs two servers at once, each with namespace default, and resumes one after kill -9 on the same file', async () => {
  const portA = await freeDevServerPort();
  let portB = await freeDevServerPort();
  while (Math.abs(portB - portA) < 8) portB = await freeDevServerPort();
  const fileA = freshFile('dev-server-a');
  const fileB = freshFile('dev-server-b');
  let a = await startTemporal(portA, fileA, 'dev-server-a');
  procs.push(a);
  procs.push(await startTemporal(portB, fileB, 'dev-server-b'));

  const clientA = await connect(portA);
  const clientB = await connect(portB);
  const info = await clientA.workflowService.getSystemInfo({});
  expect(info.serverVersion).toBe('1.32.0');
  const nsA = await clientA.workflowService.describeNamespace({ namespace: 'default' });
  expect(nsA.namespaceInfo?.name).toBe('default');

  // a workflow no worker serves stays running: it is state the file must keep
  const workflowId = `dev-server-${Date.now()}`;
  await clientA.workflow.start('noWorkerServesThis', { taskQueue: 'dev-server-nobody', workflowId });
  // the other server has its own file
  await expect(clientB.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

  await a.kill('SIGKILL');
  a = await startTemporal(portA, fileA, 'dev-server-a');
  procs.push(a);
  const again = await connect(portA);
  // the same namespace (a registration anew would have a new id), and the workflow still running
  const nsAgain = await again.workflowService.describeNamespace({ namespace: 'default' });
  expect(nsAgain.namespaceInfo?.id).toBe(nsA.namespaceInfo?.id);
  const described = await again.workflow.getHandle(workflowId).describe();
  expect(described.status.name).toBe('RUNNING');
});
