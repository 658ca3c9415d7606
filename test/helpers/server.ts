/**
 * Builds a small scanned repository and a server over it for API tests: the repository, its workspace on the
 * given database, and `createServer` with the options a test needs.
 */
import type { FastifyInstance } from 'fastify';
import { openWorkspace, scanRepository, type Workspace } from '../../src/app/index.js';
import type { DialectKind } from '../../src/store/index.js';
import { createServer, type ServerOptions } from '../../src/server/index.js';
import { createTestRepo, type TestRepo } from './git-repo.js';
import { createTestStore, type TestStore } from './stores.js';

const ANN = 'Ann Author <ann@example.com>';
const BOB = 'Bob Builder <bob@example.com>';

/** A TypeScript shop: orders import billing, billing imports util; billing and orders change together. */
export function createShopRepo(): TestRepo {
  const repo = createTestRepo();
  repo.commit({
    message: 'start the shop',
    author: ANN,
    date: '2024-01-02T10:00:00Z',
    files: {
      'package.json': '{ "name": "shop", "type": "module" }\n',
      'src/util/round.ts': 'export const round = (x: number) => Math.round(x);\n',
      'src/billing/tax.ts':
        "import { round } from '../util/round.js';\nexport function tax(x: number) {\n  if (x > 0) {\n    return round(x * 1.2);\n  }\n  return 0;\n}\n",
      'src/orders/order.ts': "import { tax } from '../billing/tax.js';\nexport const order = () => tax(1);\n",
      'README.md': '# shop\n',
    },
  });
  for (let i = 0; i < 6; i += 1) {
    repo.commit({
      message: `billing and orders, step ${i}`,
      author: i % 2 === 0 ? ANN : BOB,
      files: {
        'src/billing/tax.ts': `import { round } from '../util/round.js';\nexport function tax(x: number) {\n  if (x > ${i}) {\n    for (const y of [x]) {\n      return round(y * 1.2);\n    }\n  }\n  return 0;\n}\n`,
        'src/orders/order.ts': `import { tax } from '../billing/tax.js';\nexport const order = () => tax(${i + 2});\n`,
      },
    });
  }
  return repo;
}

export interface TestServer {
  readonly app: FastifyInstance;
  readonly workspace: Workspace;
  readonly repo: TestRepo;
  readonly store: TestStore;
  close(): Promise<void>;
}

/** A server on a scanned shop repository (or an unscanned one with `scan: false`), on `dialect`. */
export async function createTestServer(
  dialect: DialectKind,
  options: Omit<ServerOptions, 'workspace'> & { scan?: boolean; repo?: TestRepo } = {},
): Promise<TestServer> {
  const repo = options.repo ?? createShopRepo();
  const store = await createTestStore(dialect);
  const workspace = await openWorkspace({
    repo: repo.dir,
    db: store.location,
    ...(store.schema ? { schema: store.schema } : {}),
  });
  if (options.scan !== false) await scanRepository(workspace.repo, workspace.store);
  const app = await createServer({ webRoot: null, ...options, workspace });
  return {
    app,
    workspace,
    repo,
    store,
    async close() {
      await app.close();
      await workspace.close();
      await store.dispose();
      if (!options.repo) repo.remove();
    },
  };
}
