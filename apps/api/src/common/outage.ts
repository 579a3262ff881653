// Which dependency an unexpected error says is down: Temporal (a gRPC status of a connection that does
// not answer, the client's "Failed to connect") or PostgreSQL (the pg driver's socket errors, the SQLSTATE
// classes of a lost or refused connection, the pool's connect timeout). Anything else is not an outage.
import { ServiceError, isGrpcServiceError } from '@temporalio/client';
import type { Dependency } from './domain-error';

// gRPC codes a frontend that is down, restarting or overloaded answers with: 14 UNAVAILABLE,
// 4 DEADLINE_EXCEEDED, 8 RESOURCE_EXHAUSTED.
const TEMPORAL_DOWN = new Set<number>([14, 4, 8]);
const TEMPORAL_MESSAGE = /14 UNAVAILABLE|4 DEADLINE_EXCEEDED|Failed to connect|No connection established|grpc/i;

// node socket errors; SQLSTATE 08xxx (connection exception), 57P01-03 (shutdown, cannot connect now),
// 53300 (too many connections)
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
const PG_DOWN = /^(08...|57P0[123]|53300)$/;
const PG_MESSAGE = new RegExp(
  [
    'Connection terminated',
    'timeout exceeded when trying to connect',
    'not queryable',
    'Cannot use a pool after calling end',
    'connect ECONNREFUSED',
    'read ECONNRESET',
    'Connection is not established',
  ].join('|'),
  'i',
);

/** The causes of an error, outermost first (bounded: a cause chain can loop). */
function* chain(err: unknown): Generator<any> {
  let e: any = err;
  for (let i = 0; e && i < 8; i++, e = e.cause) {
    yield e;
    if (e.driverError) yield e.driverError;
  }
}

export function dependencyOf(err: unknown): Dependency | undefined {
  for (const e of chain(err)) {
    if (isGrpcServiceError(e) && TEMPORAL_DOWN.has(e.code)) return 'temporal';
    if (e instanceof ServiceError && TEMPORAL_MESSAGE.test(String(e.message))) return 'temporal';
  }
  for (const e of chain(err)) {
    const code = String(e?.code ?? '');
    if (SOCKET_CODES.has(code) || PG_DOWN.test(code) || PG_MESSAGE.test(String(e?.message ?? ''))) return 'database';
  }
  return undefined;
}

export const DEPENDENCY_NAME: Record<Dependency, string> = {
  database: 'the database (PostgreSQL)',
  temporal: 'the process engine (Temporal)',
  wecom: 'WeCom (企业微信)',
};
