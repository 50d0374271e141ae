export const COLUMNS = [
  { key: 'id', label: '#' },
  { key: 'port', label: 'Port' },
  { key: 'proto', label: 'Proto' },
  { key: 'detected', label: 'Detected' },
  { key: 'client', label: 'Client' },
  { key: 'opened', label: 'Opened' },
  { key: 'duration', label: 'Duration' },
  { key: 'in', label: 'In' },
  { key: 'out', label: 'Out' },
  { key: 'behaviour', label: 'Behaviour' },
  { key: 'state', label: 'State' },
] as const;
