// Drop a .pcap or .pcapng file anywhere on the window to import it. The page only ever holds
// the File object: in browser mode it is uploaded, on the desktop the preload script looks up
// its path (the page never sees it).
import { useEffect, useState } from 'react';
import { useImport } from './use-import';

const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') === true;

export function DropImport() {
  const { run } = useImport();
  const [over, setOver] = useState(false);
  useEffect(() => {
    // dragenter/dragleave fire for every child crossed: count them to know when it left.
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth += 1;
      setOver(true);
    };
    const onLeave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const onOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      // Without this the browser would open the file itself, leaving Porthole.
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setOver(false);
      const file = event.dataTransfer?.files[0];
      if (file !== undefined) void run(file);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [run]);
  if (!over) return null;
  return (
    <div className="drop-import" aria-hidden="true">
      <p className="drop-import-text">Drop a .pcap or .pcapng file to import it</p>
    </div>
  );
}
