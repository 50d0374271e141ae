import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/tokens.css';
import './styles/base.css';
import { App } from './app/app';
import { ErrorBoundary } from './app/error-boundary';
import { getBridge, getBridgeStatus } from './bridge/get-bridge';
import { frameQueue } from './store/queue';
import { startSync } from './store/sync';

startSync(getBridge(), getBridgeStatus(), frameQueue);

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <ErrorBoundary area="Porthole">
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
}
