// The API's connections: configuration, PostgreSQL (TypeORM), the Temporal client, and the one clock.
import { Global, Inject, Injectable, Module, OnApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@kaflow/config';
import { createDataSource } from '@kaflow/persistence';
import { Clock, systemClock } from '@kaflow/domain';

export const APP_CONFIG = 'APP_CONFIG';
export const InjectConfig = () => Inject(APP_CONFIG);

/** Temporal client plus the task queue the worker listens on. */
@Injectable()
export class Temporal implements OnApplicationShutdown {
  constructor(
    readonly client: Client,
    readonly connection: Connection,
    readonly taskQueue: string,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(private readonly ds: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

@Global()
@Module({})
export class InfraModule {
  static forRoot(config: AppConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: InfraModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        {
          provide: DataSource,
          useFactory: async () =>
            createDataSource(config.databaseUrl, { poolSize: 20, name: 'kaflow-api' }).initialize(),
        },
        {
          provide: Temporal,
          // Lazy: the API starts even while Temporal is down; /api/health reports it and calls answer 503.
          useFactory: () => {
            const connection = Connection.lazy({ address: config.temporalAddress });
            return new Temporal(
              new Client({ connection, namespace: config.temporalNamespace }),
              connection,
              config.taskQueue,
            );
          },
        },
        DataSourceCloser,
      ],
      exports: [APP_CONFIG, DataSource, Temporal, Clock],
    };
  }
}
