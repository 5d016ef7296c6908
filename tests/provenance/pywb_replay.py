"""Run by pywb's own interpreter (pywb is not in our environment): index a WARC with wb-manager, replay URLs.

Usage: python pywb_replay.py WARC WORKDIR URL...  Prints JSON: the CDXJ index pywb wrote, and per URL
the status, content type and SHA-256 of the body pywb replays (id_ mode: the archived bytes unchanged).
"""

import hashlib
import json
import os
import sys
from pathlib import Path

warc, workdir, urls = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
os.chdir(workdir)

from pywb.apps.frontendapp import FrontEndApp  # noqa: E402 - pywb reads its configuration from the working directory
from pywb.manager.manager import CollectionsManager  # noqa: E402
from werkzeug.test import Client  # noqa: E402

manager = CollectionsManager("evidence", must_exist=False)
manager.add_collection()
manager.add_archives([warc])
index = "".join(path.read_text() for path in (workdir / "collections" / "evidence" / "indexes").glob("*.cdxj"))
client = Client(FrontEndApp())
replays = {}
for url in urls:
    response = client.get(f"/evidence/2000id_/{url}")
    body = b"".join(response.response)
    replays[url] = {
        "status": response.status_code,
        "content_type": response.headers.get("Content-Type", ""),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
print(json.dumps({"index": index.splitlines(), "replays": replays}))
