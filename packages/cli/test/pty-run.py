"""Run a command on a pseudo-terminal of a given size, type keys at given times, print what it drew.

usage: pty-run.py COLUMNS ROWS KEYS_JSON -- COMMAND...
KEYS_JSON: [[seconds_after_start, "keys"], ...]. Prints the terminal output (raw bytes, utf-8), then a last line
"EXIT <code>". Gives up (kills the command) 20 s after the last key.
"""
import fcntl, json, os, pty, select, signal, struct, sys, termios, time

cols, rows, keys = int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
cmd = sys.argv[sys.argv.index('--') + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
os.kill(pid, signal.SIGWINCH)
start, out, status = time.time(), bytearray(), None
deadline = start + (keys[-1][0] if keys else 0) + 20
while True:
    now = time.time()
    while keys and now - start >= keys[0][0]:
        os.write(fd, keys.pop(0)[1].encode())
    r, _, _ = select.select([fd], [], [], 0.05)
    if r:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b''
        if not data:
            break
        out += data
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = st
        try:
            while select.select([fd], [], [], 0.2)[0]:
                data = os.read(fd, 65536)
                if not data:
                    break
                out += data
        except OSError:
            pass
        break
    if now > deadline:
        os.kill(pid, signal.SIGKILL)
if status is None:
    _, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf-8', 'replace'))
sys.stdout.write('\nEXIT %d\n' % (os.waitstatus_to_exitcode(status)))
