import type { ExecutionContext } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { PerRoute, type RouteTargets } from './per-route.js';

class ArticlesController {
  list(this: void) {}
  create(this: void) {}
}
class AdminArticlesController extends ArticlesController {}

const contextOf = (handler: () => void, type: new () => object) =>
  ({ getHandler: () => handler, getClass: () => type }) as unknown as ExecutionContext;

describe('PerRoute', () => {
  it("reads a route's metadata once, and each route's own", () => {
    const reads: RouteTargets[] = [];
    const route = new PerRoute((targets) => {
      reads.push(targets);
      return targets[0].name;
    });
    const { list, create } = ArticlesController.prototype;
    expect(route.of(contextOf(list, ArticlesController))).toBe('list');
    expect(route.of(contextOf(list, ArticlesController))).toBe('list');
    expect(route.of(contextOf(create, ArticlesController))).toBe('create');
    expect(reads).toEqual([
      [list, ArticlesController],
      [create, ArticlesController],
    ]);
  });

  it('reads again for a handler another controller inherits, whose class decorators may differ', () => {
    const route = new PerRoute(([, type]) => type.name);
    const { list } = ArticlesController.prototype;
    expect(route.of(contextOf(list, ArticlesController))).toBe('ArticlesController');
    expect(route.of(contextOf(list, AdminArticlesController))).toBe('AdminArticlesController');
    expect(route.of(contextOf(list, ArticlesController))).toBe('ArticlesController');
  });
});
