import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller';
import { TaskReassignService } from './task-reassign.service';
import { TasksService } from './tasks.service';

@Module({ controllers: [TasksController], providers: [TasksService, TaskReassignService], exports: [TasksService] })
export class TasksModule {}
