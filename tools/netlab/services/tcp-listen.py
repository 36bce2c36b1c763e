#!/usr/bin/env python3
"""A TCP service for the lab's server: accepts on ADDR:PORT (IPv4 or IPv6).

A connection whose first bytes are an HTTP GET or HEAD request gets a real
HTTP/1.1 200 answer with a 64 KiB body (Content-Length set) and is closed.
The headers go out in their own send, flushed (TCP_NODELAY), before the body:
on a path that loses large packets (a PMTU black hole) a client sees the
headers arrive and the body stall, as it would on a real one.
Anything else is echoed until the peer closes ("something listens").
"""
import socket
import sys
import threading

BODY = (b"netcheck lab web server\n" * 2731)[: 64 * 1024]
METHODS = (b"GET ", b"HEAD ")

addr, port = sys.argv[1], int(sys.argv[2])
srv = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((addr, port))
srv.listen(1024)


def could_be_http(data: bytes) -> bool:
    """True while the bytes so far are, or may still become, the start of a GET or HEAD request."""
    return any(data.startswith(m) or m.startswith(data) for m in METHODS)


def answer_http(conn: socket.socket, data: bytes) -> None:
    while b"\r\n\r\n" not in data and b"\n\n" not in data:
        more = conn.recv(65536)
        if not more:
            return
        data += more
    head = data.startswith(b"HEAD ")
    headers = (
        "HTTP/1.1 200 OK\r\n"
        "Server: netcheck-lab\r\n"
        "Content-Type: text/plain\r\n"
        f"Content-Length: {len(BODY)}\r\n"
        "Connection: close\r\n"
        "\r\n"
    ).encode()
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    conn.sendall(headers)
    if not head:
        conn.sendall(BODY)
    conn.shutdown(socket.SHUT_WR)
    # Let the peer read everything before the close: closing with unread input would send a reset.
    while conn.recv(65536):
        pass


def serve(conn: socket.socket) -> None:
    with conn:
        try:
            data = b""
            while True:
                more = conn.recv(65536)
                if not more:
                    return
                data += more
                if len(data) >= 5 or not could_be_http(data):
                    break
            if any(data.startswith(m) for m in METHODS):
                answer_http(conn, data)
                return
            conn.sendall(data)
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                conn.sendall(data)
        except OSError:
            return


while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
