// Command errors that have no better place to appear. Each says what failed and what to do.
import { useEffect } from 'react';
import type { Toast } from '../store/ui-slice';
import { useStore } from '../store/store';
import { selectToasts } from '../store/selectors';

const TOAST_MS = 8000;

function ToastItem({ toast }: { readonly toast: Toast }) {
  const dismiss = useStore((s) => s.dismissToast);
  useEffect(() => {
    const timer = window.setTimeout(() => dismiss(toast.id), TOAST_MS);
    return () => window.clearTimeout(timer);
  }, [dismiss, toast.id, toast.count]);
  return (
    <div className="toast" role="alert">
      <div className="toast-body">
        <p className="toast-title">
          {toast.title}
          {toast.count > 1 ? <span className="badge">×{toast.count}</span> : null}
        </p>
        <p className="toast-message">{toast.error.message}</p>
        <p className="toast-hint">{toast.error.hint}</p>
      </div>
      <button
        type="button"
        className="btn btn-ghost btn-small toast-close"
        aria-label="Dismiss notification"
        onClick={() => dismiss(toast.id)}
      >
        ✕
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useStore(selectToasts);
  return (
    <section className="toasts" aria-label="Notifications">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </section>
  );
}
