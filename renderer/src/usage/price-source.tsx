import { useEffect, useState } from 'react';
import { messageOf, type AdminApi } from '../admin-api';
import { describePrices, pricesApi, type PricesAnswer } from './prices-api';

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; answer: PricesAnswer; updating: boolean };

/** Where the API-equivalent prices come from (source, date), with a button that fetches the current catalog now. */
export function PriceSource({ api }: { api: Pick<AdminApi, 'request'> }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    pricesApi(api).load().then(
      (answer) => live && setLoad({ state: 'ready', answer, updating: false }),
      (error: unknown) => live && setLoad({ state: 'error', message: messageOf(error) }),
    );
    return () => {
      live = false;
    };
  }, [api]);

  async function updateNow(answer: PricesAnswer) {
    setLoad({ state: 'ready', answer, updating: true });
    try {
      setLoad({ state: 'ready', answer: await pricesApi(api).update(), updating: false });
    } catch (error) {
      setLoad({ state: 'error', message: messageOf(error) });
    }
  }

  if (load.state === 'loading') return null;
  if (load.state === 'error') {
    return (
      <p className="small muted" role="status">
        Price data: {load.message}
      </p>
    );
  }
  const { source, freshness, problem } = describePrices(load.answer);
  return (
    <section className="card price-source" aria-label="Price data">
      <p className="small">
        <strong>Prices:</strong> {source}. {freshness} Your <code>pricing:</code> overrides in the config win.
      </p>
      {problem && (
        <p className="small error" role="alert">
          {problem}
        </p>
      )}
      <button type="button" className="secondary" disabled={load.updating} onClick={() => void updateNow(load.answer)}>
        {load.updating ? 'Updating prices…' : 'Update prices now'}
      </button>
    </section>
  );
}
