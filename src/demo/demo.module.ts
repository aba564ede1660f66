import { Module } from '@nestjs/common';
import { DemoController } from './demo.controller.js';
import { RecoveryPagesController } from './recovery-pages.controller.js';

@Module({ controllers: [DemoController, RecoveryPagesController] })
export class DemoModule {}
