/**
 * The Usage page says where its prices come from: the catalog the server downloaded at start (from the stand-in
 * catalog host), with its date, and fetches it again on request.
 */
import { expect, test } from './support/fixtures.js';

test('the Usage page names the price data in use and updates it on request', async ({ usage }) => {
  await usage.open();
  await expect(usage.priceSource).toContainText(/Prices: @pydantic\/genai-prices catalog, downloaded \d{1,2} \w{3} \d{4} \d\d:\d\d from 127\.0\.0\.1:\d+/);
  await expect(usage.priceSource).toContainText('Updated daily');
  await usage.updatePricesButton.click();
  await expect(usage.updatePricesButton).toBeEnabled();
  await expect(usage.priceSource.getByRole('alert')).toHaveCount(0);
});
