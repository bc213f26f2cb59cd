#!/usr/bin/env python3
"""What the server-side session store costs a signed-in request (docs/performance.md, "Session store").

Signs one demo student in on a running portal, sets an own password, then times sequential GET /me over one
keep-alive connection. Run it against two portals built the same way (Release, SQLite demo data), one before the
store (commit 4c72674) and one with it, and compare the medians:

    python3 bench/session-store/measure.py http://127.0.0.1:5101 [requests]
"""
import http.client, re, statistics, sys, time, urllib.parse

base = urllib.parse.urlparse(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
conn = http.client.HTTPConnection(base.hostname, base.port)
cookies = {}

def request(method, path, body=None):
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if body is not None:
        body = urllib.parse.urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    text = response.read().decode("utf-8", "replace")
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key] = rest.split(";", 1)[0]
    return response.status, response.getheader("Location"), text

def token(path):
    _, _, page = request("GET", path)
    return re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', page).group(1)

status, location, _ = request("POST", "/account/sign-in", {"StudentNumber": "2026010003", "Password": sys.argv[3] if len(sys.argv) > 3 else "",
                                                           "__RequestVerificationToken": token("/account/sign-in")})
if location and location.endswith("/account/password"):
    request("POST", "/account/password", {"NewPassword": "Bench-Own-2026", "ConfirmPassword": "Bench-Own-2026",
                                          "__RequestVerificationToken": token("/account/password")})
status, _, page = request("GET", "/me")
assert status == 200 and "2026010003" in page, f"not signed in: {status}"
for _ in range(200):
    request("GET", "/me")
times = []
for _ in range(count):
    start = time.perf_counter()
    status, _, _ = request("GET", "/me")
    times.append((time.perf_counter() - start) * 1000)
    assert status == 200
times.sort()
print(f"{sys.argv[1]}: {count} GET /me, median {statistics.median(times):.3f} ms, mean {statistics.mean(times):.3f} ms, "
      f"p90 {times[int(count * 0.9)]:.3f} ms")
