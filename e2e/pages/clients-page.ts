import type { Locator, Page } from '@playwright/test';
import { DashboardView } from './dashboard-view.js';

export type ClientName = 'Claude Code' | 'Codex CLI';

/** Clients: configure and restore Claude Code and the Codex CLI, and run the doctor. */
export class ClientsPage extends DashboardView {
  readonly view = 'Clients' as const;
  readonly heading: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { name: 'Clients', level: 2 });
  }

  /** A client's card. */
  client(name: ClientName): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }

  configureButton(name: ClientName): Locator {
    return this.client(name).getByRole('button', { name: /^Configure( again)?$/ });
  }

  restoreButton(name: ClientName): Locator {
    return this.client(name).getByRole('button', { name: 'Restore', exact: true });
  }

  doctorButton(name: ClientName): Locator {
    return this.client(name).getByRole('button', { name: 'Run doctor' });
  }
}
