// Socket tables as each OS prints them, for "which program is the client". One scene throughout:
// Porthole listens on TCP 127.0.0.1:8080 and [::1]:8080 and on UDP 127.0.0.1:5300; local clients
// connect from these ports:
//
//   52001  TCP  127.0.0.1         alice's client, ESTABLISHED
//   52002  TCP  127.0.0.1         a client that has closed: TIME_WAIT, no owner (inode/pid 0)
//   52003  TCP  127.0.0.1         another user's client (uid 1001)
//   52004  TCP  ::ffff:127.0.0.1  a dual-stack client: its socket is in the IPv6 table, mapped
//   52005  TCP  ::1               an IPv6 client
//   40001  UDP  0.0.0.0           unconnected, bound to the wildcard (sendto without bind)
//   40002  UDP  127.0.0.1         connected to us
//   40003  UDP  127.0.0.1         connected to someone else (a DNS server): not our client
//   40004  UDP  127.0.0.1         two sockets sharing the port (SO_REUSEPORT)
//   40006  UDP  ::                a dual-stack wildcard socket (IPv6 table)
//
// Hex ports: 8080=1F90, 5300=14B4, 52001..52005=CB21..CB25, 40001..40006=9C41..9C46, 53=0035.

// Little-endian /proc/net/tcp: listener, client, our accepted side, TIME_WAIT, another user's
// client. The last row has a five-digit "sl" (tables that long exist) to shift the columns.
export const PROC_TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 50001 1 0000000000000000 100 0 0 10 0
   1: 0100007F:CB21 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 50002 1 0000000000000000 20 4 30 10 -1
   2: 0100007F:1F90 0100007F:CB21 01 00000000:00000000 00:00000000 00000000  1000        0 50003 1 0000000000000000 20 4 30 10 -1
   3: 0100007F:CB22 0100007F:1F90 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000
10000: 0100007F:CB23 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1001        0 50004 1 0000000000000000 20 4 30 10 -1
`;

export const PROC_TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 50010 1 0000000000000000 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:CB24 0000000000000000FFFF00000100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 50011 1 0000000000000000 20 4 30 10 -1
   2: 00000000000000000000000001000000:CB25 00000000000000000000000001000000:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 50012 1 0000000000000000 20 4 30 10 -1
`;

export const PROC_UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  100: 0100007F:14B4 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 60000 2 0000000000000000 0
  101: 00000000:9C41 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 60001 2 0000000000000000 0
  102: 0100007F:9C42 0100007F:14B4 01 00000000:00000000 00:00000000 00000000  1000        0 60002 2 0000000000000000 0
  103: 0100007F:9C43 0100007F:0035 01 00000000:00000000 00:00000000 00000000  1000        0 60003 2 0000000000000000 0
  104: 0100007F:9C44 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 60004 2 0000000000000000 0
  105: 0100007F:9C44 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 60005 2 0000000000000000 0
`;

export const PROC_UDP6 = `   sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  200: 00000000000000000000000000000000:9C46 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 60006 2 0000000000000000 0
`;

export const PASSWD = `root:x:0:0:root:/root:/bin/bash
alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash
`;

// macOS: lsof -nP +c 0 -iTCP:52001,... -iUDP:40001,... -FpcuLPtn, run without root. Chrome's
// helper has spaces and parentheses in its name; python has no login name (L) printed; bob's
// client on 52003 is not listed at all (lsof shows only our own user's files). The first process
// set prints f fields, the others do not.
export const LSOF_CLIENTS = `p4242
cGoogle Chrome Helper (Renderer)
u501
Lalice
f31
tIPv4
PTCP
n127.0.0.1:52001->127.0.0.1:8080
f32
tIPv6
PTCP
n[::1]:52005->[::1]:8080
p99
cporthole
u501
Lalice
tIPv4
PTCP
n127.0.0.1:8080
tIPv4
PTCP
n127.0.0.1:8080->127.0.0.1:52001
tIPv6
PTCP
n[::1]:8080->[::1]:52005
tIPv4
PUDP
n127.0.0.1:5300
p777
cdig
u501
Lalice
tIPv4
PUDP
n*:40001
tIPv4
PUDP
n127.0.0.1:40002->127.0.0.1:5300
tIPv4
PUDP
n127.0.0.1:40003->127.0.0.1:53
tIPv6
PUDP
n*:40006
p900
cpython3.11
u502
tIPv6
PTCP
n[::ffff:127.0.0.1]:52004->[::ffff:127.0.0.1]:8080
p901
cworker-a
u501
Lalice
tIPv4
PUDP
n127.0.0.1:40004
p902
cworker-b
u501
Lalice
tIPv4
PUDP
n127.0.0.1:40004
`;

// The machine view's lsof: every Internet socket, with TCP states.
// lsof -nP +c 0 -iTCP -iUDP -Ts -FpcuLPtnT, without root. A process name with spaces and
// parentheses; a listener, its accepted connection, the client's end in another process; UDP.
export const LSOF_MACHINE = `p4242
cGoogle Chrome Helper (Renderer)
u501
Lalice
f31
tIPv4
PTCP
n127.0.0.1:52001->127.0.0.1:8080
TST=ESTABLISHED
TQR=0
TQS=0
p99
cporthole
u501
Lalice
f20
tIPv4
PTCP
n127.0.0.1:8080
TST=LISTEN
TQR=0
TQS=0
f21
tIPv4
PTCP
n127.0.0.1:8080->127.0.0.1:52001
TST=ESTABLISHED
f22
tIPv6
PTCP
n*:9090
TST=LISTEN
f23
tIPv4
PUDP
n127.0.0.1:5300
p777
cdig
u501
Lalice
f5
tIPv4
PUDP
n127.0.0.1:40002->127.0.0.1:5300
f6
tIPv4
PTCP
n192.168.1.20:52100->140.82.112.3:443
TST=ESTABLISHED
`;

export const PS_COMMANDS = ` 4242 /Applications/Google Chrome.app/Contents/Frameworks/Google Chrome Framework.framework/Helpers/Google Chrome Helper (Renderer).app/Contents/MacOS/Google Chrome Helper (Renderer) --type=renderer
  777 dig @127.0.0.1 -p 5300 example.com
  900 /usr/local/bin/python3.11 client.py
`;

// Windows: netstat -ano (every protocol, IPv4 and IPv6 both labelled TCP/UDP), CRLF endings.
export const NETSTAT_ALL = `
Active Connections

  Proto  Local Address          Foreign Address        State           PID
  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1008
  TCP    127.0.0.1:8080         0.0.0.0:0              LISTENING       5120
  TCP    127.0.0.1:8080         127.0.0.1:52001        ESTABLISHED     5120
  TCP    127.0.0.1:52001        127.0.0.1:8080         ESTABLISHED     6236
  TCP    127.0.0.1:52002        127.0.0.1:8080         TIME_WAIT       0
  TCP    [::1]:8080             [::]:0                 LISTENING       5120
  TCP    [::1]:8080             [::1]:52005            ESTABLISHED     5120
  TCP    [::1]:52005            [::1]:8080             ESTABLISHED     7040
  UDP    0.0.0.0:40001          *:*                                    3312
  UDP    127.0.0.1:5300         *:*                                    5120
  UDP    [::]:40006             *:*                                    3312
  UDP    [fe80::1%7]:1900       *:*                                    5012
`.replace(/\n/g, '\r\n');

// German Windows: translated header and states ("HERGESTELLT" = ESTABLISHED, "WARTEND" = TIME_WAIT).
export const NETSTAT_GERMAN = `
Aktive Verbindungen

  Proto  Lokale Adresse         Remoteadresse          Status           PID
  TCP    127.0.0.1:52001        127.0.0.1:8080         HERGESTELLT      6236
  TCP    127.0.0.1:52002        127.0.0.1:8080         WARTEND          0
`.replace(/\n/g, '\r\n');

// tasklist /FO CSV /NH (the whole list): a name with a comma and doubled quotes.
export const TASKLIST_ALL = `"System Idle Process","0","Services","0","8 K"
"System","4","Services","0","1,234 K"
"chrome.exe","6236","Console","1","123,456 K"
"Porthole Helper, ""beta"".exe","7040","Console","1","45,000 K"
"dig.exe","3312","Console","1","4,000 K"
`.replace(/\n/g, '\r\n');
