export { actorLabel, OPERATOR_CLI, SYSTEM, userActor, type Actor } from './actor.js';
export { DomainEventBus } from './domain-event-bus.js';
export { EventsModule } from './events.module.js';
export { ambientManager, inTransaction, outsideTransaction, repositoryFor } from './transaction.js';
