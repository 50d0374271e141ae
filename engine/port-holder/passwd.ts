// uid → user name from /etc/passwd text.

/**
 * Map uids to login names. The first entry for a uid wins, as getpwuid() does. Users from other
 * sources (LDAP, systemd-homed) are missing here; callers fall back to "uid N".
 */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const [name, , uidText] = line.split(':');
    if (name === undefined || name === '' || uidText === undefined || !/^\d+$/.test(uidText)) {
      continue;
    }
    const uid = Number(uidText);
    if (!users.has(uid)) users.set(uid, name);
  }
  return users;
}

export function userName(users: ReadonlyMap<number, string>, uid: number): string {
  return users.get(uid) ?? `uid ${uid}`;
}
