/**
 * The text form of an item that `tpo add` and `tpo edit` open in $EDITOR: YAML front matter for the fields,
 * Markdown for the description.
 */
import { createItemFields, type Item, type ItemDraft } from '../domain/index.js';
import { parseItemDocument, renderItemDocument, type ItemDocument } from '../formats/index.js';

export type { ItemDocument } from '../formats/index.js';

/**
 * The document for an existing item, or for a new one prefilled with `draft`.
 * @example
 * const text = getItemDocument(null, { title: '' }); // front matter with every field, empty
 */
export function getItemDocument(item: Item | null, draft: ItemDraft = { title: '' }): string {
  if (item)
    return renderItemDocument(item, { id: item.id, version: item.version, blockedBy: item.blockedBy });
  // A new item's title may still be empty: render the defaults around it.
  const fields = createItemFields({ ...draft, title: draft.title || 'x' });
  return renderItemDocument({ ...fields, title: draft.title }, {});
}

/** The fields and dependencies of a saved document; null when the title was left empty (cancelled). */
export function readItemDocument(text: string, file: string): ItemDocument | null {
  return parseItemDocument(text, file);
}
