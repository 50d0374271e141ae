// Parsing `lsof -F` field output (macOS, and any lsof).

export interface LsofSocket {
  readonly pid: number;
  /** Command name (`c`). */
  readonly command: string | null;
  readonly uid: number | null;
  /** Login name (`L`). */
  readonly login: string | null;
  /** File type (`t`): "IPv4" or "IPv6", needed to tell what "*:5432" means. */
  readonly type: string | null;
  /** Name (`n`): "127.0.0.1:5432", "[::1]:5432", "*:5432", or "a:1->b:2" when connected. */
  readonly name: string;
  /**
   * Protocol (`P`): "TCP" or "UDP". Present only when lsof printed it (asked for with -F P), so
   * one call can list TCP and UDP sockets and still tell them apart.
   */
  readonly protocol?: string;
  /** TCP state from `-T s` (`TST=LISTEN`, `TST=ESTABLISHED`), when lsof printed it. */
  readonly state?: string;
}

interface ProcessFields {
  pid: number;
  command: string | null;
  uid: number | null;
  login: string | null;
}

/**
 * One entry per file with a name. lsof -F prints a process set (`p`, then `c`, `u`, `L` …) followed
 * by file sets (each starting with `f`, then `t`, `n` …), one field per line, first character is
 * the field id. Not every lsof prints `f` unasked, so a repeated `t` or `n` also ends a file.
 * Unknown fields are ignored so extra -F letters don't break parsing.
 */
export function parseLsofFields(text: string): LsofSocket[] {
  const sockets: LsofSocket[] = [];
  let process: ProcessFields | null = null;
  let type: string | null = null;
  let name: string | null = null;
  let protocol: string | null = null;
  let state: string | null = null;

  const flushFile = (): void => {
    if (process !== null && name !== null) {
      sockets.push({
        ...process,
        type,
        name,
        ...(protocol === null ? {} : { protocol }),
        ...(state === null ? {} : { state }),
      });
    }
    type = null;
    name = null;
    protocol = null;
    state = null;
  };

  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    if (line === '') continue;
    const id = line[0];
    const value = line.slice(1);
    switch (id) {
      case 'p': {
        flushFile();
        const pid = Number(value);
        process =
          Number.isInteger(pid) && pid > 0 ? { pid, command: null, uid: null, login: null } : null;
        break;
      }
      case 'f':
        flushFile();
        break;
      case 'c':
        if (process !== null) process.command = value === '' ? null : value;
        break;
      case 'u':
        if (process !== null && /^\d+$/.test(value)) process.uid = Number(value);
        break;
      case 'L':
        if (process !== null) process.login = value === '' ? null : value;
        break;
      // A file set normally starts with `f`; when `f` is absent a repeated field starts the next.
      case 't':
        if (name !== null) flushFile();
        type = value;
        break;
      case 'n':
        if (name !== null) flushFile();
        name = value;
        break;
      case 'P':
        // lsof prints P before n within a file set; a P after the name starts the next file.
        if (name !== null) flushFile();
        protocol = value;
        break;
      case 'T':
        // TCP/TPI info (-T s): one line per item after the name; only the state matters here.
        if (value.startsWith('ST=')) state = value.slice(3);
        break;
      default:
        break;
    }
  }
  flushFile();
  return sockets;
}
