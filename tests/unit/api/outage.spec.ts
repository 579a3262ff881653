import { ServiceError } from '@temporalio/client';
import { QueryFailedError } from 'typeorm';
import { dependencyOf } from '../../../apps/api/src/common/outage';

// A gRPC error as @grpc/grpc-js builds it: an Error with a numeric code, a details string and metadata.
const grpc = (code: number, details: string) =>
  Object.assign(new Error(`${code} ${details}`), { code, details, metadata: { internalRepr: new Map() } });

describe('dependencyOf (which dependency an unexpected error says is down)', () => {
  it('names Temporal for a frontend that does not answer, however deep the cause', () => {
    expect(dependencyOf(grpc(14, 'No connection established'))).toBe('temporal');
    expect(dependencyOf(new ServiceError('Workflow Update failed', { cause: grpc(4, 'Deadline exceeded') }))).toBe(
      'temporal',
    );
    expect(dependencyOf(new ServiceError('Failed to connect to Temporal server', { cause: new Error('x') }))).toBe(
      'temporal',
    );
  });

  it('names the database for the pg driver losing or not getting its connection', () => {
    expect(dependencyOf(new Error('Connection terminated unexpectedly'))).toBe('database');
    expect(
      dependencyOf(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
    ).toBe('database');
    expect(dependencyOf(new Error('timeout exceeded when trying to connect'))).toBe('database');
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(dependencyOf(new QueryFailedError('SELECT 1', [], shutdown))).toBe('database');
    const refused = Object.assign(new Error('the database system is starting up'), { code: '57P03' });
    expect(dependencyOf(new QueryFailedError('SELECT 1', [], refused))).toBe('database');
  });

  it('is nothing for errors that are not an outage', () => {
    expect(dependencyOf(new Error('boom'))).toBeUndefined();
    expect(dependencyOf(grpc(5, 'workflow not found'))).toBeUndefined();
    expect(
      dependencyOf(grpc(9, 'Unable to perform workflow execution update due to unexpected workflow task failure.')),
    ).toBeUndefined();
    const unique = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    expect(dependencyOf(new QueryFailedError('INSERT', [], unique))).toBeUndefined();
    expect(dependencyOf(undefined)).toBeUndefined();
  });
});
