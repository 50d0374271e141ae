// Parsing Windows `tasklist /FO CSV /NH` output.

export interface TasklistEntry {
  readonly name: string;
  readonly pid: number;
}

/** Split one CSV line; fields are quoted and may contain commas ("45,316 K") and doubled quotes. */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
  }
  fields.push(field);
  return fields;
}

/**
 * Image name and pid of each row: "node.exe","4321","Console","1","45,316 K". The "no tasks"
 * message is localized, so rows are recognised by shape (a numeric second field), not by text.
 */
export function parseTasklistCsv(text: string): TasklistEntry[] {
  const entries: TasklistEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('"')) continue;
    const [name, pidText] = splitCsvLine(line);
    if (name === undefined || name === '' || pidText === undefined || !/^\d+$/.test(pidText)) {
      continue;
    }
    entries.push({ name, pid: Number(pidText) });
  }
  return entries;
}
