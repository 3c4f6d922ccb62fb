"""What the reliability suite's scenarios share: free ports, the declared services, processes
started and stopped by signal, request statistics, and a client that retries only what the API
says is safe."""
import http.client
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "deploy"))
from service_list import service_names as services  # noqa: E402  (deploy/ is not a package)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECRET = "chaos-secret-not-for-deployments-0123456789"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=10):
    """Until something accepts connections on 127.0.0.1:`port`."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def wait_file(path, proc, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(path) and os.path.getsize(path) > 0:
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.02)
    return False


class Process:
    def __init__(self, name, argv, ready, log):
        self.name, self.argv, self.ready, self.log = name, argv, ready, log
        self.proc = None

    def start(self):
        if os.path.exists(self.ready):
            os.unlink(self.ready)
        with open(self.log, "a") as log:
            self.proc = subprocess.Popen(self.argv, stdout=log, stderr=log)
        if not wait_file(self.ready, self.proc):
            raise RuntimeError(f"{self.name} did not start; see {self.log}")

    def terminate(self, timeout=30):
        start = time.time()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise RuntimeError(f"{self.name} did not exit within {timeout}s of SIGTERM")
        return time.time() - start


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = self.retries = self.failed = 0
        self.failures = []
        self.created = []

    def add(self, **kw):
        with self.lock:
            for k, v in kw.items():
                setattr(self, k, getattr(self, k) + v)


def call(port, method, target, token, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    h = {"Authorization": "Bearer " + token}
    if body is not None:
        h["Content-Type"] = "application/json"
    h.update(headers or {})
    try:
        conn.request(method, target, body=body, headers=h)
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    finally:
        conn.close()


def safe_call(gateways, stats, method, target, token, body=None, headers=None,
              retry_statuses=(503,), give_up_after=20):
    """One request as a client that retries only safe requests: on a refused or broken
    connection, or a status in `retry_statuses` (503; 504 too for a write with an
    Idempotency-Key, whose outcome is unknown), on another gateway, for up to `give_up_after` s."""
    deadline = time.time() + give_up_after
    attempt = 0
    last = None
    while True:
        port = gateways[(attempt + random.randrange(2)) % len(gateways)]
        try:
            status, text = call(port, method, target, token, body, headers)
            if status not in retry_statuses:
                return status, text
            last = f"{status} {text[:200]}"
        except (ConnectionError, http.client.HTTPException, socket.timeout, OSError) as e:
            last = repr(e)
        attempt += 1
        if time.time() > deadline:
            return 0, f"gave up after {attempt} attempts: {last}"
        stats.add(retries=1)
        time.sleep(min(0.05 * attempt, 0.5))
