import { Module } from '@nestjs/common';
import { ProspectUpdatesService } from './prospect-updates.service';
import { ProspectsController } from './prospects.controller';
import { ProspectsService } from './prospects.service';

@Module({ controllers: [ProspectsController], providers: [ProspectsService, ProspectUpdatesService] })
export class ProspectsModule {}
