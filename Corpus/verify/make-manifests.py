#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Writes the synthetic training manifests of Corpus/verify/manifests/ (heed verify tests): the same
# thirteen captures in CDXJ, CSV, WARC (gzip, one member per record) and JSON Lines (gzip), plus
# format-specific extras (undated rows, an unreadable date, a malformed line). Run from this folder;
# the outputs are committed, so the tests never need Python.
import calendar
import gzip
import io
import json

# (url, capture date as ISO 8601 UTC): the expected verdicts are in Tests/HeedAuditTests/VerifyTests.swift.
CAPTURES = [
    ("https://fortune.com/2023/07/15/markets-rally/", "2023-07-15T08:30:00Z"),
    ("https://fortune.com/search/ai%20training", "2023-07-20T12:00:00Z"),
    ("https://fortune.com/2023/09/10/ai-regulation/", "2023-09-10T09:00:00Z"),
    ("https://fortune.com/2024/03/05/chips/", "2024-03-05T10:00:00Z"),
    ("https://fortune.com/2023/05/01/early/", "2023-05-01T00:00:00Z"),
    ("https://www.example.org/other", "2024-01-01T00:00:00Z"),
    ("https://FORTUNE.com/2023/08/30/eve/", "2023-08-30T23:59:59Z"),
    ("https://fortune.com/2023/08/31/day-of/", "2023-08-31T00:00:00Z"),
    ("https://www.fortune.com/2024/01/01/www/", "2024-01-01T00:00:00Z"),
    ("https://careers.fortune.com/jobs", "2024-01-01T00:00:00Z"),
    ("https://fortune.com/", "2023-07-10T00:00:00Z"),
    ("https://fortune.com/", "2024-03-05T10:00:00Z"),
    ("https://fortune.com/wp-admin/admin-ajax.php", "2023-07-01T00:00:00Z"),
]


def digits(iso):
    return iso.replace("-", "").replace("T", "").replace(":", "").replace("Z", "")


def epoch(iso):
    return calendar.timegm((int(iso[0:4]), int(iso[5:7]), int(iso[8:10]), int(iso[11:13]), int(iso[14:16]), int(iso[17:19])))


def surt(url):
    rest = url.split("://", 1)[1]
    host, _, path = rest.partition("/")
    return ",".join(reversed(host.lower().split("."))) + ")/" + path.lower()


def cdxj():
    lines = []
    for i, (url, iso) in enumerate(CAPTURES):
        lines.append(f'{surt(url)} {digits(iso)} {json.dumps({"url": url, "mime": "text/html", "status": "200"})}')
        if i == 4:
            lines.append("this line is not a CDXJ record")
    return "\n".join(lines) + "\n"


def csv():
    # Each row's date in another form the readers accept: ISO, a blank instead of T, a 14-digit
    # timestamp, Unix epoch seconds, a zone offset.
    forms = [
        lambda iso: iso,
        lambda iso: iso[:10] + " " + iso[11:19],
        digits,
        lambda iso: str(epoch(iso)),
        lambda iso: iso,
    ]
    rows = ["url,captured_at,title"]
    for i, (url, iso) in enumerate(CAPTURES):
        date = forms[i % len(forms)](iso)
        if i == 2:
            date = "2023-09-10T11:00:00+02:00"  # the same instant as 09:00:00Z
        rows.append(f'{url},{date},"Article {i + 1}, a title with a comma"')
    rows.append('https://fortune.com/undated/,,"no capture date"')
    rows.append('https://fortune.com/search/undated,,"no capture date"')
    rows.append('https://fortune.com/2024/02/30/bad-date/,2024-02-30,"an impossible date"')
    return "\r\n".join(rows) + "\r\n"


def warc():
    out = io.BytesIO()

    def record(headers, block):
        head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
        head += f"Content-Length: {len(block)}\r\n\r\n"
        with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as g:
            g.write(head.encode() + block + b"\r\n\r\n")

    info = b"software: Corpus/verify/make-manifests.py\r\nformat: WARC File Format 1.0\r\n"
    record([("WARC-Type", "warcinfo"), ("WARC-Date", "2024-03-06T00:00:00Z"), ("Content-Type", "application/warc-fields")], info)
    for i, (url, iso) in enumerate(CAPTURES):
        request = f"GET / HTTP/1.1\r\nHost: example\r\n\r\n".encode()
        record([("WARC-Type", "request"), ("WARC-Target-URI", url), ("WARC-Date", iso),
                ("Content-Type", "application/http; msgtype=request")], request)
        body = b"<html><head><title>t</title></head><body></body></html>"
        response = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
        record([("WARC-Type", "response"), ("WARC-Record-ID", f"<urn:uuid:00000000-0000-0000-0000-{i:012d}>"),
                ("WARC-Target-URI", url), ("WARC-Date", iso), ("Content-Type", "application/http; msgtype=response")],
               response)
    return out.getvalue()


def jsonl():
    lines = []
    for i, (url, iso) in enumerate(CAPTURES):
        value = epoch(iso) if i % 2 else iso  # numbers are epoch seconds
        lines.append(json.dumps({"url": url, "meta": {"captured": value}, "lang": "en"}))
        if i == 6:
            lines.append('{"url": "https://fortune.com/broken", ')
    return gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0)


if __name__ == "__main__":
    open("manifests/fortune.cdxj", "w").write(cdxj())
    open("manifests/fortune.csv", "w", newline="").write(csv())
    open("manifests/fortune.warc.gz", "wb").write(warc())
    open("manifests/fortune.jsonl.gz", "wb").write(jsonl())
