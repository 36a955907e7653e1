"""boto3's paginator walking a catalogue. Usage:
  boto3_walk.py <ours|moto> <endpoint> full
  boto3_walk.py <ours|moto> <endpoint> sample <pages> <token-or-empty> [<token> ...]
full walks every page; sample walks <pages> pages from each starting token ("" = the start).
Prints one JSON line: pages, items, seconds, msPerPage (and per segment for sample)."""
import json
import sys
import time

from botocore.paginate import TokenEncoder

from boto3_clients import client, operation

kind, endpoint, mode = sys.argv[1], sys.argv[2], sys.argv[3]
c = client(kind, endpoint)
method, pag_name, size, token_arg, token_key, items_key = operation(kind)
getattr(c, method)(**size)  # warm up the client (model loading, connection) outside the timing
paginator = c.get_paginator(pag_name)


def walk(starting_token, max_pages):
    config = {"PageSize": 25}
    if starting_token:
        # The service's raw token, wrapped the way botocore wraps its own resume tokens.
        config["StartingToken"] = TokenEncoder().encode({token_arg: starting_token})
    pages = items = 0
    seen_last = None
    t = time.perf_counter()
    for page in paginator.paginate(PaginationConfig=config):
        pages += 1
        batch = page[items_key]
        items += len(batch)
        if batch:
            seen_last = batch[-1].get("Name") or batch[-1].get("logGroupName")
        if max_pages and pages >= max_pages:
            break
    return {"pages": pages, "items": items, "seconds": round(time.perf_counter() - t, 3), "last": seen_last}


if mode == "full":
    r = walk(None, 0)
    r["msPerPage"] = round(r["seconds"] * 1000 / max(1, r["pages"]), 3)
    print(json.dumps(r))
else:
    pages = int(sys.argv[4])
    segments = []
    for tok in sys.argv[5:]:
        s = walk(tok or None, pages)
        s["msPerPage"] = round(s["seconds"] * 1000 / max(1, s["pages"]), 3)
        segments.append(s)
    total_pages = sum(s["pages"] for s in segments)
    total_s = sum(s["seconds"] for s in segments)
    print(json.dumps({"segments": segments, "pages": total_pages, "seconds": round(total_s, 3),
                      "msPerPage": round(total_s * 1000 / max(1, total_pages), 3)}))
