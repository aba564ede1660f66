import { Global, Module } from '@nestjs/common';
import { DomainEventBus } from './domain-event-bus.js';

/** One bus per application (HTTP app or operator CLI context), so every path announces its changes the same way. */
@Global()
@Module({ providers: [DomainEventBus], exports: [DomainEventBus] })
export class EventsModule {}
