/** What a migration needs to know of the database it runs on. */
import type { ColumnDefinitionBuilder } from 'kysely';

export type DialectKind = 'sqlite' | 'postgres';

export interface MigrationContext {
  readonly dialect: DialectKind;
  /** Column type of generated integer ids. */
  readonly idType: 'integer' | 'serial';
  /** Column type of binary data (bytes in, a Buffer out on both). */
  readonly blobType: 'blob' | 'bytea';
  /** Makes a column the generated primary key. */
  idColumn(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
}
