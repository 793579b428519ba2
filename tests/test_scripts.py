"""The quickstart as a new user runs it: `scripts/serve` prints each step's summary and, last, the login
and the address in a box, with nothing of the server's start-up or the training's figures after it; long
work started on its pages is run by the worker it starts beside the server."""

import http.cookiejar
import os
import queue
import re
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def printed(process):
    """A queue of the process's stdout lines, read in a thread, so a script that never prints the box
    fails the test instead of hanging it."""
    lines = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line.rstrip("\n")) for line in process.stdout], daemon=True
    ).start()
    return lines


def until_box(lines, timeout=240):
    """The lines up to the box's last one, or all there were by the timeout."""
    read, deadline = [], time.monotonic() + timeout
    while sum(line.startswith("+--") for line in read) < 2:
        try:
            read.append(lines.get(timeout=max(0, deadline - time.monotonic())))
        except queue.Empty:
            break
    return read


def rest(lines):
    found = []
    while not lines.empty():
        found.append(lines.get_nowait())
    return found


def test_serve_prints_the_login_and_address_last_in_a_box(tmp_path):
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'quickstart.sqlite3'}",
        "MODEL_DIR": str(tmp_path / "models"),
        "PORT": str(port),
    }
    process = subprocess.Popen(
        [ROOT / "scripts" / "serve"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        output = printed(process)
        lines = until_box(output)
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # the server is up when the box is
        time.sleep(2)  # time for anything printed late to come
        after = rest(output)
        password = re.search(r"with password: (\S+)", "\n".join(lines))[1]
        outcome = rescored_through_the_pages(f"http://127.0.0.1:{port}", password)
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)
    box = lines[lines.index(next(line for line in lines if line.startswith("+--"))) :]
    assert len(box) == 6 and box[0] == box[-1] and all(line.startswith("| ") for line in box[1:-1])
    assert "Created editor 'editor' with password: " in box[1]
    assert f"Sign in at http://127.0.0.1:{port}/" in box[2]
    assert not any(line.strip() for line in after)  # nothing after the box
    before = "\n".join(lines[: -len(box)])
    assert "Ingested 4 new articles" in before and "Training the attribution model" in before
    assert "Training data:" not in before and "%|" not in before  # no figures, no progress bars
    assert "Starting development server" not in before and "WARNING" not in before
    # The rescore started on the jobs page was run by the worker, not inside the request.
    assert outcome.startswith("Rescored ")
    with sqlite3.connect(tmp_path / "quickstart.sqlite3") as database:
        runs = database.execute(
            "select status, worker_ids from django_tasks_database_dbtaskresult where task_path like ?",
            ("%rescore_all_outlets",),
        ).fetchall()
    assert [status for status, _ in runs] == ["SUCCESSFUL"] and runs[0][1] != "[]"


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def rescored_through_the_pages(address, password):
    """Sign in as the quickstart's editor, start "Rescore all outlets" on the jobs page and follow its
    progress panel to the end: the panel's words once the job is done."""
    cookies = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies), NoRedirects)

    def post(path, fields):
        token = next(cookie.value for cookie in cookies if cookie.name == "csrftoken")
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(address + path, data, headers={"Referer": address + path})
        try:
            return browser.open(request, timeout=30)
        except urllib.error.HTTPError as answer:  # the redirect, refused by NoRedirects
            return answer

    browser.open(f"{address}/accounts/login/", timeout=30)
    post("/accounts/login/", {"username": "editor", "password": password})
    browser.open(f"{address}/jobs/", timeout=30)
    started = post("/jobs/rescore/", {})
    assert started.status == 302
    job = urllib.parse.parse_qs(urllib.parse.urlparse(started.headers["Location"]).query)["job"][0]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        panel = browser.open(f"{address}/jobs/{job}/progress/", timeout=30).read().decode()
        if found := re.search(r"Rescored [^<]*", panel):
            return found[0]
        time.sleep(0.5)
    return panel
