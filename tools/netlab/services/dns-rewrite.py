#!/usr/bin/env python3
"""A DNS proxy for the lab's server: listens on ADDR port 53 (UDP and TCP),
forwards every message to UPSTREAM port 53 over the same transport, and passes
the answer back, with one change: the answer to an A question that is NOERROR
with no answer records (the name exists with other types, such as AAAA only)
becomes NXDOMAIN. Some home routers, resolvers and DNS middleboxes do this;
RFC 8020 reads NXDOMAIN as "no record of any type", so a stub resolver that
believes it may give up on the name without using its AAAA.

Usage: dns-rewrite.py ADDR UPSTREAM
"""
import socket
import struct
import sys
import threading

QTYPE_A = 1
NXDOMAIN = 3
UPSTREAM_TIMEOUT_S = 3.0

addr, upstream = sys.argv[1], sys.argv[2]


def question_type(msg: bytes) -> int | None:
    """The QTYPE of the first question, or None when the message has none or is malformed."""
    if len(msg) < 12 or struct.unpack("!H", msg[4:6])[0] < 1:
        return None
    i = 12
    while i < len(msg) and msg[i] != 0:
        if msg[i] & 0xC0:
            return None  # a pointer in a question: not from any resolver we forward for
        i += 1 + msg[i]
    if i + 5 > len(msg):
        return None
    return struct.unpack("!H", msg[i + 1 : i + 3])[0]


def rewrite(answer: bytes) -> bytes:
    """NXDOMAIN for an empty NOERROR answer to an A question; every other answer unchanged."""
    if len(answer) < 12 or question_type(answer) != QTYPE_A:
        return answer
    flags, _qd, ancount = struct.unpack("!HHH", answer[2:8])
    if flags & 0x8000 == 0 or flags & 0x000F != 0 or ancount != 0:
        return answer
    return answer[:2] + struct.pack("!H", (flags & ~0x000F) | NXDOMAIN) + answer[4:]


def serve_udp(sock: socket.socket, query: bytes, client: tuple) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as up:
        up.settimeout(UPSTREAM_TIMEOUT_S)
        try:
            up.sendto(query, (upstream, 53))
            answer, _ = up.recvfrom(65535)
        except OSError:
            return  # the upstream did not answer: neither do we (the client times out and retries)
    sock.sendto(rewrite(answer), client)


def recv_exact(conn: socket.socket, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        more = conn.recv(n - len(data))
        if not more:
            return None
        data += more
    return data


def recv_framed(conn: socket.socket) -> bytes | None:
    head = recv_exact(conn, 2)
    return None if head is None else recv_exact(conn, struct.unpack("!H", head)[0])


def serve_tcp(conn: socket.socket) -> None:
    with conn:
        try:
            with socket.create_connection((upstream, 53), timeout=UPSTREAM_TIMEOUT_S) as up:
                while True:
                    query = recv_framed(conn)
                    if query is None:
                        return
                    up.sendall(struct.pack("!H", len(query)) + query)
                    answer = recv_framed(up)
                    if answer is None:
                        return
                    answer = rewrite(answer)
                    conn.sendall(struct.pack("!H", len(answer)) + answer)
        except OSError:
            return


def accept_tcp(srv: socket.socket) -> None:
    while True:
        conn, _ = srv.accept()
        conn.settimeout(10.0)
        threading.Thread(target=serve_tcp, args=(conn,), daemon=True).start()


# TCP is bound first: the lab waits for the UDP socket, and then both are ready.
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
tcp.bind((addr, 53))
tcp.listen(128)
threading.Thread(target=accept_tcp, args=(tcp,), daemon=True).start()
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind((addr, 53))
while True:
    msg, peer = udp.recvfrom(65535)
    threading.Thread(target=serve_udp, args=(udp, msg, peer), daemon=True).start()
