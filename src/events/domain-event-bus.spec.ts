import { DomainEventBus } from './domain-event-bus.js';

class Happened {
  constructor(readonly what: string) {}
}
class Other {}

describe('DomainEventBus', () => {
  it('awaits every handler of the event class in subscription order, and none of another class', async () => {
    const bus = new DomainEventBus();
    const seen: string[] = [];
    bus.subscribe(Happened, async (e) => {
      await new Promise((r) => setTimeout(r, 5));
      seen.push(`first ${e.what}`);
    });
    bus.subscribe(Happened, (e) => void seen.push(`second ${e.what}`));
    bus.subscribe(Other, () => void seen.push('other'));
    await bus.publish(new Happened('x'));
    expect(seen).toEqual(['first x', 'second x']);
  });

  it('lets a failing handler fail the publisher (a revocation that failed must fail the request)', async () => {
    const bus = new DomainEventBus();
    bus.subscribe(Happened, () => {
      throw new Error('store down');
    });
    await expect(bus.publish(new Happened('x'))).rejects.toThrow('store down');
  });
});
