#!/usr/bin/env python3
"""A point-to-point link with delay and jitter, for a kernel without netem.

Opens two TUN devices (IFF_TUN | IFF_NO_PI) named by the caller, prints
"ready" once both exist, and from then on copies every IP packet read from
one device to the other after `delay +/- jitter` milliseconds. The caller
moves each device into its network namespace (`ip link set DEV netns NS`);
the open file descriptors keep working across the move.

Each read takes one whole packet of up to 65535 bytes (the largest IP
packet), so the wire never cuts one short whatever the MTU; the MTU is the
devices' own (`ip link set DEV mtu N`, set by the lab plan on both ends), and
the kernel drops or answers "too big" for what exceeds it before the wire sees it.

Per direction, packets leave in the order they arrived (a packet is never
scheduled before the one ahead of it), so jitter does not reorder traffic.
The process exits on SIGTERM, and with --watch-stdin when stdin closes
(the process that started the lab went away).
"""
import argparse
import fcntl
import heapq
import os
import random
import select
import signal
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
MAX_PACKET = 65535  # the largest IPv4 or IPv6 (non-jumbo) packet: one read is always one whole packet


def open_tun(name: str) -> int:
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lab", required=True, help="lab id, so `netlab down` can find strays")
    ap.add_argument("--dev-a", required=True)
    ap.add_argument("--dev-b", required=True)
    ap.add_argument("--delay-ms", type=float, default=0.0, help="one-way delay, each direction")
    ap.add_argument("--jitter-ms", type=float, default=0.0, help="uniform +/- jitter around the delay")
    ap.add_argument("--watch-stdin", action="store_true", help="exit when stdin closes (the parent died)")
    args = ap.parse_args()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    fd_a = open_tun(args.dev_a)
    fd_b = open_tun(args.dev_b)
    # Announce, then let go of stdout: the starter only waits for this line,
    # and a starter that has already gone must not kill the wire (EPIPE).
    try:
        os.write(1, b"ready\n")
    except OSError:
        pass
    os.close(1)

    peer = {fd_a: fd_b, fd_b: fd_a}
    last_due = {fd_a: 0.0, fd_b: 0.0}
    queue: list = []  # (due, seq, out_fd, packet)
    seq = 0
    delay = args.delay_ms / 1000.0
    jitter = args.jitter_ms / 1000.0
    stdin_fd = sys.stdin.fileno()
    watch = [fd_a, fd_b] + ([stdin_fd] if args.watch_stdin else [])

    while True:
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, out_fd, packet = heapq.heappop(queue)
            try:
                os.write(out_fd, packet)
            except OSError:
                pass  # device down or moved mid-write: the packet is lost, as on a real wire
        timeout = max(0.0, queue[0][0] - now) if queue else None
        ready, _, _ = select.select(watch, [], [], timeout)
        for fd in ready:
            if fd == stdin_fd:
                if not os.read(stdin_fd, 4096):
                    return  # parent closed our stdin: the lab is gone
                continue
            while True:
                try:
                    packet = os.read(fd, MAX_PACKET)
                except BlockingIOError:
                    break
                except OSError:
                    break
                now = time.monotonic()
                due = now + delay + (random.uniform(-jitter, jitter) if jitter else 0.0)
                out_fd = peer[fd]
                due = max(due, last_due[out_fd], now)
                last_due[out_fd] = due
                seq += 1
                heapq.heappush(queue, (due, seq, out_fd, packet))


if __name__ == "__main__":
    main()
