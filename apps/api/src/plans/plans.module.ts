import { Module } from '@nestjs/common';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';
import { PlanPreviewsController } from './previews/plan-previews.controller';
import { PlanPreviewsService } from './previews/plan-previews.service';

/** Stored plan versions, and the stateless previews of the same plan kinds (HTTP paths /plans, /planning/preview). */
@Module({ controllers: [PlansController, PlanPreviewsController], providers: [PlansService, PlanPreviewsService] })
export class PlansModule {}
