import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../admin-api';

export type LoadState<T> = { phase: 'loading' } | { phase: 'error'; error: string } | { phase: 'done'; value: T };

/**
 * Runs `load` on mount and on `reload()`; a reload keeps showing the last answer until the new one arrives.
 * `update` changes the loaded value in place (e.g. one item an action returned), from the latest value.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): { state: LoadState<T>; reload: () => void; update: (change: (value: T) => T) => void } {
  const [state, setState] = useState<LoadState<T>>({ phase: 'loading' });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    let live = true;
    setState((previous) => (previous.phase === 'done' ? previous : { phase: 'loading' }));
    loadRef.current().then(
      (value) => live && setState({ phase: 'done', value }),
      (error: unknown) => live && setState({ phase: 'error', error: messageOf(error) }),
    );
    return () => {
      live = false;
    };
  }, [tick, ...deps]);

  const reload = useCallback(() => setTick((value) => value + 1), []);
  const update = useCallback((change: (value: T) => T) => setState((previous) => (previous.phase === 'done' ? { phase: 'done', value: change(previous.value) } : previous)), []);
  return { state, reload, update };
}

/** The current time, updated every `everyMs` (for countdowns). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
