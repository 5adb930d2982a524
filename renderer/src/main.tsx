import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { learnCliCommand } from './cli-command';
import './styles.css';

// Before the first render, so every hint names the CLI the way this person runs it.
await learnCliCommand();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
