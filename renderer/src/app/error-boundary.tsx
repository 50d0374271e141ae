// Catches render errors so one broken view shows a message (and a way back) instead of
// unmounting the whole window into a white screen.
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What failed, in words: "Payload", "Connections"… */
  readonly area: string;
  readonly children: ReactNode;
}

interface State {
  readonly error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Porthole: the ${this.props.area} view crashed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="crash" role="alert">
        <p className="crash-title">The {this.props.area} view hit a problem.</p>
        <p className="crash-detail mono">{error.message}</p>
        <p className="muted">Capture keeps running. Try again, or reload the window.</p>
        <div className="crash-actions">
          <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </div>
    );
  }
}
