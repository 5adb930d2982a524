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

  /** "Models (optional)": the disclosure that holds a client's model fields. */
  modelsToggle(name: ClientName): Locator {
    return this.client(name).getByText('Models (optional)');
  }

  /** A model field of a client, e.g. modelField('Claude Code', 'Sonnet model'). */
  modelField(name: ClientName, label: string): Locator {
    return this.client(name).getByLabel(label, { exact: true });
  }
}
