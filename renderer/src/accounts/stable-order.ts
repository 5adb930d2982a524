import { useRef, useState } from 'react';

/**
 * `current` (ids in the order they would be shown now) rearranged to keep the order already on screen: ids shown
 * before stay where they were, new ones follow in their own order, gone ones drop out.
 */
export function keepOrder(shown: readonly string[], current: readonly string[]): string[] {
  const present = new Set(current);
  const kept = shown.filter((id) => present.has(id));
  const known = new Set(kept);
  return [...kept, ...current.filter((id) => !known.has(id))];
}

/**
 * Items in a stable order while the page is open: a change that would re-sort them (a new priority) does not move
 * a card away under the cursor. `resort()` applies the order of `items` on request; `sorted` says whether the
 * list shown is already in it.
 */
export function useStableOrder<T>(items: readonly T[], idOf: (item: T) => string): { ordered: T[]; sorted: boolean; resort: () => void } {
  const shown = useRef<string[]>([]);
  const [, setResorts] = useState(0);
  const ids = items.map(idOf);
  // Idempotent, so a second render (React's strict mode) keeps the same order.
  shown.current = keepOrder(shown.current, ids);
  const byId = new Map(items.map((item) => [idOf(item), item]));
  const ordered = shown.current.flatMap((id) => byId.get(id) ?? []);
  return {
    ordered,
    sorted: shown.current.every((id, index) => id === ids[index]),
    resort: () => {
      shown.current = [];
      setResorts((count) => count + 1);
    },
  };
}
