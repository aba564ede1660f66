export { actorLabel, OPERATOR_CLI, SYSTEM, userActor, type Actor } from './actor.js';
export { DomainEventBus } from './domain-event-bus.js';
export { EventsModule } from './events.module.js';
export { afterCommit, ambientManager, beforeCommit, inTransaction, outsideTransaction, repositoryFor } from './transaction.js';
