#!/usr/bin/env python3
"""cdp.py - a tiny Chrome DevTools Protocol client (stdlib only) for the
browser tests in tests/e2e: start headless Chromium, open a page, evaluate
JavaScript in it, wait for a condition, take a screenshot.

OOMSCAN_CHROMIUM overrides the browser found on PATH. Only loopback: Chromium listens on 127.0.0.1 on a port it picks (read from
its DevToolsActivePort file); every wait is bounded.

    b = Browser(); tab = b.open(url); tab.wait("document.body.dataset.ready", 10)
    tab.eval("document.title"); tab.screenshot("x.png"); b.close()

Also usable as a command (exit 77 when Chromium cannot run):
    cdp.py probe
"""
import base64, json, os, shutil, socket, struct, subprocess, sys, tempfile, time
import urllib.request

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium():
    """OOMSCAN_CHROMIUM names the browser (empty: none, to test the skip)."""
    if "OOMSCAN_CHROMIUM" in os.environ:
        return os.environ["OOMSCAN_CHROMIUM"] or None
    for name in CANDIDATES:
        p = shutil.which(name)
        if p:
            return p
    return None


class WebSocket:
    """Just enough of RFC 6455 for CDP: text frames, client-masked."""

    def __init__(self, url, timeout=20):
        assert url.startswith("ws://")
        hostport, path = url[5:].split("/", 1)
        host, port = hostport.split(":")
        self.s = socket.create_connection((host, int(port)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.s.sendall(("GET /%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\n"
                        "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                        "Sec-WebSocket-Version: 13\r\n\r\n" % (path, hostport, key)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.s.recv(1)
            if not chunk:
                raise OSError("websocket handshake: connection closed")
            head += chunk
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise OSError("websocket handshake refused: %r" % head[:200])

    def _recv_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.s.recv(n - len(buf))
            if not chunk:
                raise OSError("websocket closed")
            buf += chunk
        return buf

    def send(self, text):
        data = text.encode()
        hdr = bytearray([0x81])
        n = len(data)
        if n < 126:
            hdr.append(0x80 | n)
        elif n < 65536:
            hdr.append(0x80 | 126)
            hdr += struct.pack(">H", n)
        else:
            hdr.append(0x80 | 127)
            hdr += struct.pack(">Q", n)
        mask = os.urandom(4)
        hdr += mask
        self.s.sendall(bytes(hdr) + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self):
        msg = b""
        while True:
            b0, b1 = self._recv_exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._recv_exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._recv_exact(8))[0]
            payload = self._recv_exact(n)
            op = b0 & 0x0F
            if op == 8:
                raise OSError("websocket closed by the browser")
            if op in (9, 10):  # ping/pong: ignore
                continue
            msg += payload
            if b0 & 0x80:
                return msg.decode("utf-8", "replace")


class Tab:
    def __init__(self, ws_url):
        self.ws = WebSocket(ws_url)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        mid = self.next_id
        self.ws.send(json.dumps({"id": mid, "method": method, "params": params}))
        while True:
            m = json.loads(self.ws.recv())
            if m.get("id") == mid:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})

    def eval(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError("evaluate %s: %s" % (expr, r["exceptionDetails"].get("text")))
        return r.get("result", {}).get("value")

    def wait(self, expr, seconds):
        """Evaluates expr every 0.1 s until it is truthy; returns its value or None."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                v = self.eval(expr)
            except RuntimeError:
                v = None
            if v:
                return v
            time.sleep(0.1)
        return None

    def navigate(self, url):
        self.call("Page.enable")
        self.call("Page.navigate", url=url)

    def screenshot(self, path, full=True):
        params = {"format": "png"}
        if full:
            m = self.call("Page.getLayoutMetrics")
            size = m.get("cssContentSize") or m.get("contentSize")
            params["clip"] = {"x": 0, "y": 0, "width": min(size["width"], 1600),
                              "height": min(size["height"], 8000), "scale": 1}
            params["captureBeyondViewport"] = True
        data = self.call("Page.captureScreenshot", **params)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))


class Browser:
    def __init__(self, timeout=30):
        exe = find_chromium()
        if not exe:
            raise FileNotFoundError("no chromium on PATH")
        self.dir = tempfile.mkdtemp(prefix="oomscan-chromium.")
        args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--disable-sync", "--metrics-recording-only", "--mute-audio",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + self.dir, "--window-size=1200,900", "about:blank"]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        portfile = os.path.join(self.dir, "DevToolsActivePort")
        deadline = time.time() + timeout
        while time.time() < deadline:
            if os.path.exists(portfile):
                lines = open(portfile).read().split("\n")
                if len(lines) >= 2 and lines[0].strip():
                    self.port = int(lines[0])
                    break
            if self.proc.poll() is not None:
                raise OSError("chromium exited with status %d" % self.proc.returncode)
            time.sleep(0.1)
        else:
            self.close()
            raise OSError("chromium did not open its debugging port")

    def _json(self, path, method="GET"):
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (self.port, path), method=method)
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read().decode())

    def open(self, url):
        t = self._json("/json/new?about:blank", method="PUT")
        tab = Tab(t["webSocketDebuggerUrl"])
        tab.navigate(url)
        return tab

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def probe():
    """Exit 0 when headless Chromium starts here, 77 (skip) when it cannot."""
    try:
        b = Browser()
    except (FileNotFoundError, OSError) as e:
        print("SKIP: headless Chromium cannot run here: %s" % e, file=sys.stderr)
        return 77
    try:
        tab = b.open("data:text/html,<p id=x>ok</p>")
        ok = tab.wait("document.getElementById('x') && document.getElementById('x').textContent", 15)
    finally:
        b.close()
    if ok != "ok":
        print("SKIP: headless Chromium started but rendered nothing", file=sys.stderr)
        return 77
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "probe":
        sys.exit(probe())
    print(__doc__)
    sys.exit(2)
