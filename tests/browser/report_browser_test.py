# SPDX-License-Identifier: MIT
"""`outturn report` in a real browser: headless Chromium (Debian's chromium, installed by
.ci/setup) renders the report of the IIJ base scenario and of the report's own test model.

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON
messages ending in NUL on file descriptors 3 and 4), with nothing but the standard library:
no port to race for, and the page's own events rather than scraped log lines. Checks:

- no console error, no uncaught exception, no error in the browser's log;
- no network request but the report's own file (a self-contained file opens offline);
- the screenshot (decoded here: zlib and PNG's five row filters, checked first on a PNG
  of known pixels that Chromium renders) has the page's size (1280 CSS pixels wide,
  its full height, as the PNG header says) and ink where the
  header, the verdict table and the charts are (found by their boxes in the DOM), green and
  red in the P&L charts, and a blank margin;
- the verdict numbers in the DOM equal the CLI's (`outturn run -f json`), and P(meet) the
  sweep's (`outturn sweep -f json`), to the last bit.

First the harness proves it can fail: a page with a console error, an exception and a
request to the network must be caught. Run by ctest (report_browser); exits 77 (ctest: skipped)
with a message when chromium is not installed, and only then.

    python3 tests/browser/report_browser_test.py --cli build/outturn
"""
import argparse
import base64
import fcntl
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WIDTH = 1280
SKIP = 77


class DevTools:
    """A headless Chromium on a DevTools pipe, attached to one page."""

    def __init__(self, chromium, profile):
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # The child's ends above 4, so that moving them to 3 and 4 cannot overwrite one another.
        high_r, high_w = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
        os.close(to_chrome_r)
        os.close(from_chrome_w)

        def fds():  # the child's fd 3 reads our commands, fd 4 writes its answers
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--mute-audio",
             "--user-data-dir=" + profile, "--remote-debugging-pipe", "about:blank"],
            pass_fds=(3, 4), preexec_fn=fds, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(high_r)
        os.close(high_w)
        self._buffer = b""
        self._id = 0
        self.events = []
        self.session = None
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            self.call(domain + ".enable")
        self.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=900, deviceScaleFactor=1, mobile=False)

    def _read(self):
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, **params):
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            m = self._read()
            if m.get("id") == self._id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            if "method" in m:
                self.events.append(m)

    def wait_for(self, method):
        while not any(e["method"] == method for e in self.events):
            m = self._read()
            if "method" in m:
                self.events.append(m)

    def load(self, url):
        """Opens `url`; returns once its load event has fired."""
        self.events = []
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")
        self.call("Runtime.evaluate", expression="document.fonts.ready.then(() => 1)", awaitPromise=True)

    def evaluate(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError("evaluate: %s" % r["exceptionDetails"])
        return r["result"]["value"]

    def problems(self, own_url):
        """Console errors, exceptions, log errors and requests to anything but `own_url`."""
        out = []
        for e in self.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append("console %s: %s" % (p["type"], [a.get("value", a.get("description")) for a in p["args"]]))
            elif e["method"] == "Runtime.exceptionThrown":
                out.append("exception: %s" % p["exceptionDetails"].get("text"))
            elif e["method"] == "Log.entryAdded" and p["entry"]["level"] == "error":
                out.append("log error: %s" % p["entry"].get("text"))
            elif e["method"] == "Network.requestWillBeSent" and p["request"]["url"] != own_url:
                out.append("request: %s" % p["request"]["url"])
        return out

    def screenshot(self):
        """The whole page at 1 pixel per CSS pixel: (PNG bytes, its CSS height)."""
        height = int(self.evaluate("Math.ceil(document.documentElement.scrollHeight)"))
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": WIDTH, "height": height, "scale": 1})
        return base64.b64decode(shot["data"]), height

    def close(self):
        try:
            self.session = None
            self.call("Browser.close")
        except RuntimeError:
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


def read_png(data):
    """A PNG's (width, height) and its pixels, decoded with the standard library alone: a list
    of rows, each a bytes object of R, G, B (alpha dropped). Handles what a screenshot is: 8-bit
    truecolour (RGB or RGBA), not interlaced, any of the five row filters."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, "unexpected PNG format %r" % (header,)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:  # Sub
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:  # Up
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif kind == 3:  # Average
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif kind == 4:  # Paeth
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        else:
            assert kind == 0, "unknown PNG filter %d" % kind
        prev = line
        rgb = bytes(line) if bpp == 3 else bytes(b for i, b in enumerate(line) if i % 4 != 3)
        rows.append(rgb)
    return width, height, rows


def region(rows, box):
    """The pixels of `rows` inside `box` (CSS pixels, clipped to the image): a list of (r, g, b)."""
    width = len(rows[0]) // 3 if rows else 0
    x0, y0 = max(0, int(box["x"])), max(0, int(box["y"]))
    x1, y1 = min(width, int(box["x"] + box["width"])), min(len(rows), int(box["y"] + box["height"]))
    out = []
    for row in rows[y0:y1]:
        seg = row[3 * x0:3 * x1] if x1 > x0 else b""
        out.extend(zip(seg[0::3], seg[1::3], seg[2::3]))
    return out


def ink(px):
    """The share of pixels that are not (near) white."""
    return sum(1 for r, g, b in px if r + g + b < 600) / len(px) if px else 0.0


def share(px, colour, tol=40):
    """The share of pixels within `tol` (of 255) of `colour` in every channel."""
    cr, cg, cb = colour
    if not px:
        return 0.0
    return sum(1 for r, g, b in px if abs(r - cr) <= tol and abs(g - cg) <= tol and abs(b - cb) <= tol) / len(px)


GOOD, BAD = (0x2E, 0x7D, 0x4F), (0xC0, 0x39, 0x2B)


def cli(outturn, *args):
    p = subprocess.run([outturn, *args], cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError("outturn %s: exit %d\n%s" % (" ".join(args), p.returncode, p.stderr))
    return p.stdout


def check(condition, message, failures):
    print(("ok    " if condition else "FAIL  ") + message)
    if not condition:
        failures.append(message)


def check_report(browser, outturn, tmp, model, extra, failures):
    path = os.path.join(tmp, os.path.basename(os.path.dirname(model)) + ".html")
    cli(outturn, "report", model, *extra, "-o", path)
    url = "file://" + path
    browser.load(url)
    problems = browser.problems(url)
    check(not problems, "%s: no console error, no exception, no network request %s" % (model, problems), failures)

    # The verdict numbers in the DOM equal the CLI's JSON.
    dom = browser.evaluate("""JSON.stringify([...document.querySelectorAll('#targets tr[data-target]')].map(tr => ({
        target: tr.dataset.target, forecast: tr.querySelector('td.forecast').dataset.value,
        verdict: tr.lastElementChild.textContent})))""")
    dom = {r["target"]: r for r in json.loads(dom)}
    run = json.loads(cli(outturn, "run", model, "-f", "json"))
    for t in run["targets"]:
        r = dom.get(t["target"])
        check(r is not None and float(r["forecast"]) == t["forecast"] and r["verdict"].startswith(
            "met" if t["met"] else "missed"), "%s: %s forecast %r and verdict as the CLI's" % (
            model, t["target"], t["forecast"]), failures)
    if "--samples" in extra:
        n, seed = extra[extra.index("--samples") + 1], extra[extra.index("--seed") + 1]
        sweep = json.loads(cli(outturn, "sweep", model, "-n", n, "--seed", seed, "-f", "json"))
        got = json.loads(browser.evaluate("""JSON.stringify(Object.fromEntries([...document.querySelectorAll(
            '#sweep-table tr[data-target]')].map(tr => [tr.dataset.target, tr.querySelector('td.p-meet').dataset.value])))"""))
        for k in sweep["targets"]:
            check(float(got.get(k["target"], "nan")) == k["p_meet"],
                  "%s: %s P(meet) %r as the sweep's" % (model, k["target"], k["p_meet"]), failures)

    # The screenshot: the page's size, ink where the content is, good and bad colours.
    png, height = browser.screenshot()
    w, h, pixels = read_png(png)
    check((w, h) == (WIDTH, height), "%s: screenshot %dx%d, the page's %dx%d" % (model, w, h, WIDTH, height), failures)
    boxes = json.loads(browser.evaluate("""JSON.stringify(Object.fromEntries([['title', 'h1'], ['verdict', '#targets'],
        ['pnl', 'svg.pnl-chart'], ['tornado', 'svg.tornado'], ['fan', 'svg.fan'], ['body', 'body']].map(([k, s]) => {
        const e = document.querySelector(s); if (!e) return [k, null];
        const r = e.getBoundingClientRect();
        return [k, {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}]; })))"""))
    for name in ("title", "verdict", "pnl", "tornado") + (("fan",) if "--samples" in extra else ()):
        box = boxes.get(name)
        check(box is not None and ink(region(pixels, box)) > 0.02, "%s: ink in the %s (%s)" % (model, name, box),
              failures)
    pnl = region(pixels, boxes["pnl"]) if boxes.get("pnl") else []
    check(share(pnl, GOOD) + share(pnl, BAD) > 0.01, "%s: the P&L chart has good/bad colours" % model, failures)
    body = boxes["body"]
    margin = region(pixels, {"x": body["x"] + body["width"] + 4, "y": 0, "width": WIDTH, "height": height})
    check(len(margin) > 0 and ink(margin) < 0.001, "%s: the margin right of the page is blank" % model, failures)
    check(ink(region(pixels, {"x": 0, "y": 0, "width": w, "height": h})) < 0.5, "%s: not a solid page" % model, failures)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cli", default=os.path.join(ROOT, "build", "outturn"))
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("SKIP: chromium is not installed (bash .ci/setup installs Debian's chromium)")
        return SKIP
    failures = []
    with tempfile.TemporaryDirectory(prefix="outturn_browser_") as tmp:
        browser = DevTools(chromium, os.path.join(tmp, "profile"))
        try:
            # The harness must catch what it looks for.
            bad = os.path.join(tmp, "bad.html")
            with open(bad, "w") as f:
                f.write('<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png">'
                        '<script>console.error("broken"); undefined_function();</script></body></html>')
            browser.load("file://" + bad)
            found = " ".join(browser.problems("file://" + bad))
            check("console error" in found and "exception" in found and "request: http://127.0.0.1:9/x.png" in found,
                  "the harness catches a console error, an exception and a network request", failures)

            # So must the PNG decoder: a red 200x100 block at (40, 30) on a white page.
            known = os.path.join(tmp, "known.html")
            with open(known, "w") as f:
                f.write('<!DOCTYPE html><html><body style="margin:0;background:#fff">'
                        '<div style="position:absolute;left:40px;top:30px;width:200px;height:100px;'
                        'background:#c0392b"></div><div style="height:400px"></div></body></html>')
            browser.load("file://" + known)
            png, height = browser.screenshot()
            w, h, rows = read_png(png)
            block = region(rows, {"x": 40, "y": 30, "width": 200, "height": 100})
            outside = region(rows, {"x": 300, "y": 0, "width": WIDTH - 300, "height": h})
            check((w, h) == (WIDTH, height) and len(block) == 200 * 100 and share(block, BAD, tol=0) == 1.0
                  and ink(outside) == 0.0 and ink(block) == 1.0,
                  "the PNG decoder reads a known page: %dx%d, the red block red, white elsewhere" % (w, h), failures)

            check_report(browser, args.cli, tmp, "scenarios/iij_fy2010/model.yaml", ["--samples", "20000", "--seed", "5"],
                         failures)
            check_report(browser, args.cli, tmp, "tests/data/report/model.yaml", [], failures)
        finally:
            browser.close()
    print("%d failure(s)" % len(failures) if failures else "all browser checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
