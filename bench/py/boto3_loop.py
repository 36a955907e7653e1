"""One boto3 client calling one page request in a loop for a fixed time (the same loop for ours
and moto): requests/s, p50 and p99 in ms. Usage: boto3_loop.py <ours|moto> <endpoint> <seconds> [token]
Prints one JSON line."""
import json
import sys
import time

from boto3_clients import client, operation

kind, endpoint, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
token = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] else None
c = client(kind, endpoint)
method, _, size, token_arg, _, items_key = operation(kind)
call = getattr(c, method)
kwargs = dict(size)
if token:
    kwargs[token_arg] = token
first = call(**kwargs)  # warm: connection, botocore's model loading
items = len(first[items_key])
lat = []
end = time.perf_counter() + seconds
started = time.perf_counter()
while True:
    t = time.perf_counter()
    if t >= end:
        break
    call(**kwargs)
    lat.append((time.perf_counter() - t) * 1000)
elapsed = time.perf_counter() - started
lat.sort()
pct = lambda p: round(lat[min(len(lat) - 1, int(p * len(lat)))], 3) if lat else None
print(json.dumps({"requests": len(lat), "seconds": round(elapsed, 3), "rps": round(len(lat) / elapsed, 2),
                  "p50": pct(0.50), "p99": pct(0.99), "itemsPerPage": items}))
