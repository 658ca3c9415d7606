import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * How a workspace works (Scrum, Kanban or hybrid, with WIP limits per status) and its sprints: dates, capacity,
 * members' availability and the items committed to each, with the size each was committed at.
 */
export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('workspace_settings')
    .addColumn('workspace_id', 'integer', (c) =>
      c.primaryKey().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('cadence', 'text', (c) => c.notNull())
    // JSON { "<status>": <limit> }.
    .addColumn('wip_limits', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sprints')
    .addColumn('id', ctx.idType, (c) => ctx.idColumn(c))
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // YYYY-MM-DD, both days included; null for a sprint an import named without dates.
    .addColumn('start_day', 'text')
    .addColumn('end_day', 'text')
    .addColumn('capacity_days', 'double precision')
    // JSON [{ name, days }].
    .addColumn('members', 'text', (c) => c.notNull())
    .addColumn('goal', 'text')
    .addColumn('started_at', 'bigint')
    .addColumn('tracker', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sprints_name')
    .unique()
    .on('sprints')
    .columns(['workspace_id', 'name'])
    .execute();

  await db.schema
    .createTable('sprint_items')
    .addColumn('sprint_id', 'integer', (c) => c.notNull().references('sprints.id').onDelete('cascade'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('size_days', 'double precision', (c) => c.notNull())
    .addColumn('stated_days', 'double precision')
    .addColumn('technical', 'integer', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sprint_items_pk', ['sprint_id', 'item_id'])
    .execute();
  await db.schema.createIndex('sprint_items_item').on('sprint_items').columns(['item_id']).execute();
}
