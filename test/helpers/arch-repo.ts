/**
 * A generated repository for the architecture and dependency reviews: a declared architecture (tpo.config.yaml)
 * that `src/ui/page.ts` breaks by importing the database layer, two modules (billing, mail) that change together
 * in six change sets without importing each other (a hidden dependency), a package rule that `src/app/orders.ts`
 * breaks by importing lodash (a warning), and lockfiles of every kind tpo reads.
 */
import * as L from './lockfiles.js';
import { createTestRepo, type TestRepo } from './git-repo.js';

export const ARCH_CONFIG = `# The shop's declared architecture
architecture:
  modules:
    - name: ui
      paths: [src/ui/**]
    - name: app
      paths: [src/app/**]
    - name: db
      paths: [src/db/**]
    - name: domain
      paths: [src/domain/**]
    - name: billing
      paths: [src/billing/**]
    - name: mail
      paths: [src/mail/**]
  rules:
    - name: ui-through-app
      from: ui
      mustNotImport: [db]
      reason: the UI goes through the use cases in app, so that rules live in one place
    - name: domain-is-pure
      from: domain
      mayImport: []
      reason: the domain is shared by every layer and depends on none
      severity: warn
    - name: off-lodash
      from: '*'
      mustNotImportPackages: ['lodash*']
      reason: we are replacing lodash with the standard library
      severity: warn
  ignore: ["**/*.test.ts"]
`;

/** Builds the repository; `src/ui/page.ts` line 2 imports `../db/table.js` (the violation). */
export function buildArchRepo(): TestRepo {
  const repo = createTestRepo();
  repo.commit({
    message: 'start the shop',
    files: {
      'tpo.config.yaml': ARCH_CONFIG,
      'package.json': L.PACKAGE_JSON,
      'package-lock.json': L.PACKAGE_LOCK_V3,
      'src/ui/page.ts':
        "import { placeOrder } from '../app/orders.js';\nimport { table } from '../db/table.js';\nimport React from 'react';\nexport const page = () => [placeOrder(), table, React];\n",
      'src/ui/page.test.ts': "import { table } from '../db/table.js';\nexport const t = table;\n",
      'src/app/orders.ts':
        "import { Order } from '../domain/order.js';\nimport { table } from '../db/table.js';\nimport _ from 'lodash';\nexport const placeOrder = () => [new Order(), table, _];\n",
      'src/db/table.ts': "import { Order } from '../domain/order.js';\nexport const table = [Order];\n",
      'src/domain/order.ts': 'export class Order {}\n',
      'src/billing/invoice.ts': 'export const invoice = 0;\n',
      'src/mail/template.ts': 'export const template = 0;\n',
      // Lockfiles of every kind, each in the folder its tool would use.
      'yarn-classic/package.json': JSON.stringify({ name: 'yc', dependencies: { lodash: '^4.17.0' } }),
      'yarn-classic/yarn.lock': L.YARN_LOCK_V1,
      'yarn-berry/yarn.lock': L.YARN_LOCK_BERRY,
      'pnpm/pnpm-lock.yaml': L.PNPM_LOCK_V9,
      'poetry/pyproject.toml': L.PYPROJECT_POETRY,
      'poetry/poetry.lock': L.POETRY_LOCK,
      'poetry/shop/load.py': 'import yaml\nimport requests\nimport os\n',
      'uv/uv.lock': L.UV_LOCK,
      'pip/requirements.txt': L.REQUIREMENTS_TXT,
      'go/go.mod': L.GO_MOD,
      'go/go.sum': L.GO_SUM,
      'go/main.go':
        'package main\n\nimport (\n\t"fmt"\n\t"github.com/google/uuid"\n)\n\nfunc main() { fmt.Println(uuid.New()) }\n',
      'maven/pom.xml': L.POM_XML,
      'maven/src/main/java/com/shop/App.java':
        'package com.shop;\n\nimport com.google.common.collect.ImmutableList;\n\npublic class App { ImmutableList<String> x; }\n',
      'gradle/build.gradle': L.BUILD_GRADLE,
      'gradle/gradle.lockfile': L.GRADLE_LOCKFILE,
    },
  });
  // billing and mail always change together, and neither imports the other.
  for (let i = 1; i <= 6; i += 1) {
    repo.commit({
      message: `invoice mail ${i}`,
      files: {
        'src/billing/invoice.ts': `export const invoice = ${i};\n`,
        'src/mail/template.ts': `export const template = ${i};\n`,
      },
    });
  }
  repo.commit({
    message: 'order tweak',
    files: { 'src/domain/order.ts': 'export class Order { id = 1; }\n' },
  });
  return repo;
}
