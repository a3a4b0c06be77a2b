"""Milliseconds from spawning a command on a pseudo-terminal (80x24) to its first visible output,
or with --until REGEX to the first output whose visible text matches REGEX; the command is then
stopped. Used for the wizard's frames, which need a terminal.
Usage: python3 first-output-pty.py [--until REGEX] TIMEOUT_S COMMAND [ARGS...]"""
import fcntl, os, pty, re, select, signal, struct, sys, termios, time

args = sys.argv[1:]
until = None
if args[0] == '--until':
    until = re.compile(args[1])
    args = args[2:]
timeout = float(args[0])
command = args[1:]
start = time.perf_counter()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
elapsed = None
seen = b''
while time.perf_counter() - start < timeout:
    ready, _, _ = select.select([fd], [], [], 0.01)
    if not ready:
        continue
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
    # Visible text, not just cursor-hiding escape sequences.
    text = seen.decode('utf8', 'replace')
    visible = re.sub(r'\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07', '', text)
    if (until.search(visible) if until else visible.strip()):
        elapsed = (time.perf_counter() - start) * 1000
        break
try:
    os.kill(pid, signal.SIGKILL)
except ProcessLookupError:
    pass
os.waitpid(pid, 0)
print('%.1f' % elapsed if elapsed is not None else 'none')
sys.stderr.write(seen.decode('utf8', 'replace')[:400] if elapsed is None else '')
