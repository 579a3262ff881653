import { Module } from '@nestjs/common';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';
import { RhythmStarter } from './rhythm-starter';

@Module({ controllers: [ImportsController], providers: [ImportsService, RhythmStarter], exports: [ImportsService] })
export class ImportsModule {}
