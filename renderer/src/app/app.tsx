// The window: ports (and the capture limits at their foot) on the left, connections top right,
// the selected connection's payload below them, the status bar along the bottom. Features do
// not import each other: this is where they are put together.
//
// The panels read from the capture on screen: <CaptureScope> gives them an engine whose reads
// go to the past capture shown, or to the live one.
import './app.css';
import { CaptureScope } from '../bridge/engine-context';
import { CapturesView } from '../features/captures/captures-view';
import { PastCaptureBanner } from '../features/captures/past-capture-banner';
import { ConnectionsPanel } from '../features/connections/connections-panel';
import { LimitsSection } from '../features/limits/limits-section';
import { PayloadInspector } from '../features/payload/payload-inspector';
import { PortsPanel } from '../features/ports/ports-panel';
import { StatusBar } from '../features/status/status-bar';
import { DropImport } from '../features/transfer/drop-import';
import { TransfersStatus } from '../features/transfer/transfers-status';
import { selectLiveCaptureId, selectShownCapture } from '../store/selectors';
import { useStore } from '../store/store';
import { AppHeader } from './app-header';
import { ConnectionBanner } from './connection-banner';
import { ErrorBoundary } from './error-boundary';
import { Toasts } from './toasts';
import { useThemeAttribute } from './use-theme';

export function App() {
  useThemeAttribute();
  const shownId = useStore((s) => selectShownCapture(s)?.id ?? null);
  const liveId = useStore(selectLiveCaptureId);
  return (
    <div className="app">
      <AppHeader />
      <ConnectionBanner />
      <PastCaptureBanner />
      <CaptureScope capture={shownId} live={shownId === null ? liveId : null}>
        <main className="app-main">
          <aside className="app-side">
            <ErrorBoundary area="Ports">
              <PortsPanel />
            </ErrorBoundary>
            <ErrorBoundary area="Capture limits">
              <LimitsSection />
            </ErrorBoundary>
          </aside>
          <div className="app-work">
            <ErrorBoundary area="Connections">
              <ConnectionsPanel />
            </ErrorBoundary>
            <ErrorBoundary area="Payload">
              <PayloadInspector />
            </ErrorBoundary>
          </div>
        </main>
      </CaptureScope>
      <StatusBar>
        <TransfersStatus />
      </StatusBar>
      <CapturesView />
      <DropImport />
      <Toasts />
    </div>
  );
}
