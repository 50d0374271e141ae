// Save text the page made as a file, the way a browser downloads anything: a Blob URL on a link
// with `download`. Works the same in the desktop window and in browser mode; nothing leaves the
// machine.

export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once the click is handled; the URL is only memory now.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}
