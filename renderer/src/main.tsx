import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/tokens.css';
import './styles/base.css';
import './styles/data-table.css';
import { App } from './app/app';
import { ErrorBoundary } from './app/error-boundary';
import { EngineProvider } from './bridge/engine-context';
import { getBridge, getBridgeStatus } from './bridge/get-bridge';
import { useStore } from './store/store';
import { shownCaptureOf, startSync } from './store/sync';

// The page's one bridge: the store's sync layer and every view (through useEngine) share it.
const engine = getBridge();
startSync(engine, getBridgeStatus(), useStore.getState(), shownCaptureOf(useStore));

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <ErrorBoundary area="Porthole">
        <EngineProvider engine={engine}>
          <App />
        </EngineProvider>
      </ErrorBoundary>
    </StrictMode>,
  );
}
