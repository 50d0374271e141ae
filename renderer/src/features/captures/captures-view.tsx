// The Captures view as the app mounts it: rendered only while open (from the header or the
// status bar), so its list and settings are read fresh each time it opens.
import './captures.css';
import { useStore } from '../../store/store';
import { CapturesDialog } from './captures-dialog';

export function CapturesView() {
  const open = useStore((s) => s.capturesOpen);
  return open ? <CapturesDialog /> : null;
}
