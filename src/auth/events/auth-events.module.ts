import { Module } from '@nestjs/common';
import { AuthEventsService } from './auth-events.service.js';

/** Imported by every module that records auth events (auth, sessions, users). */
@Module({ providers: [AuthEventsService], exports: [AuthEventsService] })
export class AuthEventsModule {}
