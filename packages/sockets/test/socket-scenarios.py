#!/usr/bin/env python3
"""Hold real TCP sockets in given states, for @netcheck/sockets' lab tests and fixtures.

Run as root inside a network namespace (a lab node or a throwaway one): some
modes add their own nftables table (`inet ncsockets`) there and remove it on exit.
Each mode prints ONE JSON line once its sockets are in place ({"ready": true, ...}),
then holds them until SIGTERM/SIGINT or --hold SECONDS. The process renames
itself (/proc/<pid>/comm) with --name so findings can be checked for it.

Modes (loopback unless a host is given):
  all-states          LISTEN, ESTABLISHED, TIME_WAIT (active close), CLOSE_WAIT + FIN_WAIT_2
                      (the client half-closes, the server never closes), SYN_SENT (SYNs dropped),
                      SYN_RECV (final ACK dropped), LAST_ACK (ACK of the server's FIN dropped),
                      FIN_WAIT_1 + CLOSING (simultaneous close with everything toward the server
                      port dropped), plus IPv6 (::1) and a v4 client on a dual-stack listener.
  healthy             a listener with --count accepted connections using SO_KEEPALIVE, 2 TIME_WAIT
  syn-flood           a listener (--backlog) whose clients' final ACKs are dropped: SYN_RECV, and
                      SYN cookies once the SYN queue is full; --continuous keeps sending SYNs
  accept-full         a listener (--backlog) that never accepts, and --count clients
  close-wait-server   listen on --port (all addresses), accept, never close
  half-close-client   connect --count times to --host:--port, shutdown(SHUT_WR), keep the sockets
  time-wait           --count connections to a loopback listener, closed by the client first;
                      --range LO HI narrows net.ipv4.ip_local_port_range in this namespace first
  syn-sent            --count non-blocking connects to --host:--port (loopback port 9 with its
                      SYNs dropped by nftables when no host is given)
  last-ack            --count loopback connections left in LAST_ACK
  idle                --count established loopback pairs, idle (--keepalive to enable SO_KEEPALIVE)
  close-wait-grow     a loopback server that never closes; every --every seconds --count more clients
                      connect and close, so CLOSE_WAIT grows steadily (a leak, for --watch)
"""
import argparse
import ctypes
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time

TABLE = 'ncsockets'
held = []
nft_used = False


def set_name(name):
    try:
        ctypes.CDLL(None).prctl(15, name.encode()[:15], 0, 0, 0)  # PR_SET_NAME
    except Exception:
        pass


def nft(script):
    global nft_used
    nft_used = True
    subprocess.run(['nft', '-f', '-'], input=script.encode(), check=True)


def nft_table(rules):
    nft(f"""
add table inet {TABLE}
add chain inet {TABLE} input {{ type filter hook input priority -10; policy accept; }}
""" + ''.join(f'add rule inet {TABLE} input {r}\n' for r in rules))


def cleanup(*_):
    if nft_used:
        subprocess.run(['nft', 'delete', 'table', 'inet', TABLE], stderr=subprocess.DEVNULL)
    sys.exit(0)


def listener(addr='127.0.0.1', port=0, backlog=128, family=socket.AF_INET, v6only=None):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1 if v6only else 0)
    s.bind((addr, port))
    s.listen(backlog)
    held.append(s)
    return s, s.getsockname()[1]


def pair(srv, family=socket.AF_INET, dest=None):
    c = socket.socket(family, socket.SOCK_STREAM)
    c.connect(dest or srv.getsockname()[:2])
    a, _ = srv.accept()
    return c, a


def nonblocking_connects(host, port, count, family=socket.AF_INET):
    out = []
    for _ in range(count):
        s = socket.socket(family, socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect_ex((host, port))
        out.append(s)
    held.extend(out)
    return out


def wait_writable(socks, timeout):
    pending = list(socks)
    end = time.time() + timeout
    while pending and time.time() < end:
        _, w, _ = select.select([], pending, [], max(0, end - time.time()))
        pending = [s for s in pending if s not in w]
    return len(socks) - len(pending)


def all_states(a):
    ports = {}
    syn_sent_port = 9
    lst_sr, p_sr = listener()
    nft_table([f'tcp dport {syn_sent_port} drop', f'tcp dport {p_sr} tcp flags & (fin|syn|rst|ack) == ack drop'])
    lst, p = listener()
    ports['listen'] = p
    for _ in range(3):
        held.extend(pair(lst))
    lst_tw, p_tw = listener()
    ports['timeWait'] = p_tw
    for _ in range(4):
        c, s = pair(lst_tw)
        c.close()
        s.recv(1)
        s.close()
    lst_cw, p_cw = listener()
    ports['closeWait'] = p_cw
    for _ in range(5):
        c, s = pair(lst_cw)
        c.shutdown(socket.SHUT_WR)
        held.extend([c, s])
    ports['synSent'] = syn_sent_port
    nonblocking_connects('127.0.0.1', syn_sent_port, 2)
    ports['synRecv'] = p_sr
    nonblocking_connects('127.0.0.1', p_sr, 2)
    ports['lastAck'] = last_ack(1)
    # FIN_WAIT_1 (server) and CLOSING (client)
    lst_cl, p_cl = listener()
    ports['closing'] = p_cl
    pairs = [pair(lst_cl)]
    nft(f'add rule inet {TABLE} input tcp dport {p_cl} drop\n')
    for c, _ in pairs:
        c.close()
    time.sleep(0.05)
    for _, s in pairs:
        s.close()
    lst_cl.close()
    # IPv6: a ::1 listener with 2 connections, and a dual-stack listener with one IPv4 client
    lst6, p6 = listener('::1', family=socket.AF_INET6)
    ports['ipv6'] = p6
    for _ in range(2):
        held.extend(pair(lst6, socket.AF_INET6))
    lstd, pd = listener('::', family=socket.AF_INET6, v6only=False)
    ports['dualStack'] = pd
    held.extend(pair(lstd, socket.AF_INET, ('127.0.0.1', pd)))
    time.sleep(0.2)
    return {'ports': ports}


def last_ack(count):
    lst, p = listener()
    pairs = [pair(lst) for _ in range(count)]
    for c, s in pairs:
        c.shutdown(socket.SHUT_WR)
        s.recv(1)
    time.sleep(0.05)
    if nft_used:
        nft(f'add rule inet {TABLE} input tcp dport {p} drop\n')
    else:
        nft_table([f'tcp dport {p} drop'])
    for c, s in pairs:
        s.close()
        held.append(c)
    # the listener stays: a server whose peers vanish while it keeps serving
    return p


def healthy(a):
    lst, p = listener(backlog=128)
    for _ in range(a.count):
        c, s = pair(lst)
        for x in (c, s):
            x.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        held.extend([c, s])
    for _ in range(2):
        c, s = pair(lst)
        c.close()
        s.recv(1)
        s.close()
    return {'ports': {'listen': p}}


def syn_flood(a):
    lst, p = listener(backlog=a.backlog)
    nft_table([f'tcp dport {p} tcp flags & (fin|syn|rst|ack) == ack drop'])
    nonblocking_connects('127.0.0.1', p, a.count)
    time.sleep(0.3)
    return {'ports': {'listen': p}}


def accept_full(a):
    lst, p = listener(backlog=a.backlog)
    nonblocking_connects('127.0.0.1', p, a.count)
    time.sleep(0.5)
    return {'ports': {'listen': p}}


def close_wait_server(a):
    lst, p = listener('0.0.0.0', a.port)
    # accepted in the hold loop: the clients may start after the ready line
    return {'ports': {'listen': p}, '_accept': lst}


def half_close_client(a):
    socks = nonblocking_connects(a.host, a.port, a.count)
    n = wait_writable(socks, 10)
    time.sleep(0.2)
    for s in socks:
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
    time.sleep(0.5)
    return {'connected': n}


def time_wait(a):
    if a.range:
        with open('/proc/sys/net/ipv4/ip_local_port_range', 'w') as f:
            f.write(f'{a.range[0]} {a.range[1]}\n')
    lst, p = listener(backlog=1024)
    made = 0
    for _ in range(a.count):
        try:
            c, s = pair(lst)
        except OSError as e:
            return {'ports': {'listen': p}, 'timeWait': made, 'error': str(e)}
        c.close()
        s.recv(1)
        s.close()
        made += 1
    return {'ports': {'listen': p}, 'timeWait': made}


def syn_sent(a):
    host, port = a.host, a.port
    if host is None:
        host, port = '127.0.0.1', 9
        nft_table([f'tcp dport {port} drop'])
    nonblocking_connects(host, port, a.count)
    time.sleep(0.3)
    return {'destination': f'{host}:{port}'}


def last_ack_mode(a):
    return {'ports': {'lastAck': last_ack(a.count)}}


def idle(a):
    lst, p = listener()
    for _ in range(a.count):
        c, s = pair(lst)
        if a.keepalive:
            for x in (c, s):
                x.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        held.extend([c, s])
    return {'ports': {'listen': p}}


def close_wait_grow(a):
    lst, p = listener(backlog=1024)
    return {'ports': {'listen': p}, '_grow': lst}


def grow(lst, count):
    for _ in range(count):
        c, s = pair(lst)
        c.close()
        held.append(s)


MODES = {
    'all-states': all_states, 'healthy': healthy, 'syn-flood': syn_flood, 'accept-full': accept_full,
    'close-wait-server': close_wait_server, 'half-close-client': half_close_client, 'time-wait': time_wait,
    'syn-sent': syn_sent, 'last-ack': last_ack_mode, 'idle': idle, 'close-wait-grow': close_wait_grow,
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('mode', choices=sorted(MODES))
    p.add_argument('--count', type=int, default=5)
    p.add_argument('--backlog', type=int, default=64)
    p.add_argument('--host')
    p.add_argument('--port', type=int, default=0)
    p.add_argument('--range', type=int, nargs=2)
    p.add_argument('--keepalive', action='store_true')
    p.add_argument('--continuous', action='store_true')
    p.add_argument('--name')
    p.add_argument('--hold', type=float, default=3600)
    p.add_argument('--every', type=float, default=0.5)
    a = p.parse_args()
    signal.signal(signal.SIGTERM, cleanup)
    signal.signal(signal.SIGINT, cleanup)
    if a.name:
        set_name(a.name)
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    info = MODES[a.mode](a)
    acceptor = info.pop('_accept', None)
    grower = info.pop('_grow', None)
    print(json.dumps({'ready': True, 'mode': a.mode, 'pid': os.getpid(), **info}), flush=True)
    end = time.time() + a.hold
    try:
        while time.time() < end:
            if acceptor is not None:
                r, _, _ = select.select([acceptor], [], [], 0.2)
                if r:
                    s, _ = acceptor.accept()
                    held.append(s)
            elif grower is not None:
                grow(grower, a.count)
                time.sleep(a.every)
            elif a.continuous and a.mode == 'syn-flood':
                nonblocking_connects('127.0.0.1', info['ports']['listen'], 5)
                time.sleep(0.05)
            else:
                time.sleep(0.5)
    finally:
        cleanup()


if __name__ == '__main__':
    main()
