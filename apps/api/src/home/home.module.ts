import { Module } from '@nestjs/common';
import { HomeController } from './home.controller';
import { HomeService } from './home.service';

/** The homes (首页) of every role; the dealer's home (dealer-home.controller.ts) joins this module. */
@Module({ controllers: [HomeController], providers: [HomeService], exports: [HomeService] })
export class HomeModule {}
