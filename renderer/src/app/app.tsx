// The window: ports (and the capture limits at their foot) on the left; on the right the traffic
// pictures (folded to one line unless opened), the connections and the selected connection's
// payload below them; the status bar along the bottom. Splitters
// between the panes resize them (their sizes are the layout slice's). Features do not import
// each other: this is where they are put together.
//
// The panels read from the capture on screen: <CaptureScope> gives them an engine whose reads
// go to the past capture shown, or to the live one.
import './app.css';
import { useRef, type CSSProperties } from 'react';
import { CaptureScope } from '../bridge/engine-context';
import { Splitter } from '../components/splitter/splitter';
import { useElementSize } from '../components/splitter/use-element-size';
import { CapturesView } from '../features/captures/captures-view';
import { PastCaptureBanner } from '../features/captures/past-capture-banner';
import { ConnectionsPanel } from '../features/connections/connections-panel';
import { LimitsSection } from '../features/limits/limits-section';
import { PayloadInspector, type ConnectionActions } from '../features/payload/payload-inspector';
import { ReplayButton } from '../features/replay/replay-button';
import { CompareButton } from '../features/compare/compare-button';
import { PortsPanel } from '../features/ports/ports-panel';
import { ShortcutsRoot } from '../features/shortcuts/shortcuts-root';
import { StatusBar } from '../features/status/status-bar';
import { TrafficPanel } from '../features/traffic/traffic-panel';
import { DropImport } from '../features/transfer/drop-import';
import { TransfersStatus } from '../features/transfer/transfers-status';
import { selectLiveCaptureId, selectShownCapture } from '../store/selectors';
import { useStore } from '../store/store';
import { AppHeader } from './app-header';
import { ConnectionBanner } from './connection-banner';
import { ErrorBoundary } from './error-boundary';
import { Toasts } from './toasts';
import { usePaneSizes } from './use-pane-sizes';
import { useThemeAttribute } from './use-theme';

const SIDE_ID = 'pane-ports';
const GRID_ID = 'pane-connections';

/** What the inspector's header offers besides closing: features plug in here. */
const connectionActions: ConnectionActions = (connection) => (
  <>
    <ReplayButton connection={connection} />
    <CompareButton connection={connection} />
  </>
);

export function App() {
  useThemeAttribute();
  const shownId = useStore((s) => selectShownCapture(s)?.id ?? null);
  const liveId = useStore(selectLiveCaptureId);
  const trafficOpen = useStore((s) => s.layout.trafficOpen);
  const mainRef = useRef<HTMLElement>(null);
  const workRef = useRef<HTMLDivElement>(null);
  const main = useElementSize(mainRef);
  const work = useElementSize(workRef);
  const { side, grid } = usePaneSizes(main.width, work.height);
  // Custom properties (set through the CSSOM, which the page's CSP allows) size the panes.
  const sizes = {
    '--side-width': `${side.value}px`,
    '--grid-height': `${grid.value}px`,
  } as CSSProperties;
  return (
    <div className="app">
      <ShortcutsRoot />
      <AppHeader />
      <ConnectionBanner />
      <PastCaptureBanner />
      <CaptureScope capture={shownId} live={shownId === null ? liveId : null}>
        <main className="app-main" ref={mainRef} style={sizes}>
          <aside className="app-side" id={SIDE_ID} aria-label="Ports panel" data-pane="ports">
            <ErrorBoundary area="Ports">
              <PortsPanel />
            </ErrorBoundary>
            <ErrorBoundary area="Capture limits">
              <LimitsSection />
            </ErrorBoundary>
          </aside>
          <Splitter
            orientation="vertical"
            label="Ports panel width"
            controls={SIDE_ID}
            valueText={`${side.value} pixels`}
            {...side}
          />
          <div className="app-work">
            <div className="app-pane-traffic" data-open={trafficOpen}>
              <ErrorBoundary area="Traffic">
                <TrafficPanel />
              </ErrorBoundary>
            </div>
            <div className="app-split" ref={workRef}>
              <div className="app-pane-grid" id={GRID_ID}>
                <ErrorBoundary area="Connections">
                  <ConnectionsPanel />
                </ErrorBoundary>
              </div>
              <Splitter
                orientation="horizontal"
                label="Connections list height"
                controls={GRID_ID}
                valueText={`${grid.value} pixels`}
                {...grid}
              />
              <div className="app-pane-payload">
                <ErrorBoundary area="Payload">
                  <PayloadInspector actions={connectionActions} />
                </ErrorBoundary>
              </div>
            </div>
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
