/**
 * The route modules, one per feature. A feature that lands (items, locate, debt, review, plan ...) adds its
 * `<feature>-routes.ts` here; GET /api/v1/meta lists the features so the dashboard enables their pages.
 */
import type { RouteModule } from '../server-context.js';
import { archRoutes } from './arch-routes.js';
import { backlogRoutes } from './backlog-routes.js';
import { cadenceRoutes } from './cadence-routes.js';
import { codebaseRoutes } from './codebase-routes.js';
import { jobsRoutes } from './jobs-routes.js';
import { debtRoutes } from './debt-routes.js';
import { metaRoutes } from './meta-routes.js';
import { planRoutes } from './plan-routes.js';
import { reviewRoutes } from './review-routes.js';
import { scansRoutes } from './scans-routes.js';
import { tokensRoutes } from './tokens-routes.js';
import { translateRoutes } from './translate-routes.js';

export const ROUTE_MODULES: readonly RouteModule[] = [
  metaRoutes,
  codebaseRoutes,
  archRoutes,
  scansRoutes,
  tokensRoutes,
  backlogRoutes,
  debtRoutes,
  reviewRoutes,
  planRoutes,
  cadenceRoutes,
  jobsRoutes,
  translateRoutes,
];
