import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * The backlog: workspaces (each with its own T-n counter), items, their tags, areas, dependencies and status
 * history. Items belong to a workspace, not to a repository: a workspace will hold several repositories.
 */
export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('workspaces')
    .addColumn('id', ctx.idType, (c) => ctx.idColumn(c))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('next_item_number', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into workspaces (name, next_item_number, created_at) values ('default', 1, ${Math.floor(Date.now() / 1000)})`.execute(
    db,
  );

  // 'double precision' is REAL (8 bytes) in SQLite and float8 in PostgreSQL, whose `real` would round 0.1.
  await db.schema
    .createTable('items')
    .addColumn('id', ctx.idType, (c) => ctx.idColumn(c))
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reach', 'double precision')
    .addColumn('impact', 'double precision')
    .addColumn('confidence', 'double precision')
    .addColumn('effort', 'double precision')
    .addColumn('business_value', 'double precision')
    .addColumn('time_criticality', 'double precision')
    .addColumn('risk_reduction', 'double precision')
    .addColumn('requester', 'text')
    .addColumn('target_date', 'text')
    .addColumn('tracker', 'text')
    .addColumn('external_key', 'text')
    .addColumn('external_url', 'text')
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('items_key').unique().on('items').columns(['workspace_id', 'key']).execute();
  // NULLs are distinct in both databases, so items without an external reference do not collide.
  await db.schema
    .createIndex('items_external')
    .unique()
    .on('items')
    .columns(['workspace_id', 'tracker', 'external_key'])
    .execute();
  await db.schema.createIndex('items_status').on('items').columns(['workspace_id', 'status']).execute();

  await db.schema
    .createTable('item_tags')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_tags_pk', ['item_id', 'position'])
    .execute();
  await db.schema.createIndex('item_tags_tag').on('item_tags').columns(['tag']).execute();

  await db.schema
    .createTable('item_areas')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('pattern', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_areas_pk', ['item_id', 'position'])
    .execute();

  await db.schema
    .createTable('item_dependencies')
    .addColumn('blocker_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('blocked_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('item_dependencies_pk', ['blocker_id', 'blocked_id'])
    .execute();
  await db.schema
    .createIndex('item_dependencies_blocked')
    .on('item_dependencies')
    .columns(['blocked_id'])
    .execute();

  await db.schema
    .createTable('item_status_changes')
    .addColumn('id', ctx.idType, (c) => ctx.idColumn(c))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('item_status_changes_item')
    .on('item_status_changes')
    .columns(['item_id', 'at'])
    .execute();
}
