/** The wall board reads every stored item and decides itself, slide by slide, what is current. */
import type { Item } from '../../contract/feed.ts';
import { openStore } from './db.ts';

/** All items on this device, expired and not yet valid included: the board's clock moves on without a new sync. */
export async function storedItems(): Promise<Item[]> {
  const db = await openStore();
  return (await db.getAll('items')).map((s) => s.item);
}
