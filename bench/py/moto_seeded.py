"""moto's server with a catalogue seeded straight into its backend (not through the API), the
way the bench seeds ours: N CloudWatch Logs log groups in one account, then moto_server's own
main() (werkzeug, threaded). Usage: python3 moto_seeded.py <port> <count>"""
import sys
import time

from moto.core import DEFAULT_ACCOUNT_ID
from moto.logs.models import logs_backends
from moto.server import main

port, count = sys.argv[1], int(sys.argv[2])
started = time.time()
backend = logs_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]
for i in range(count):
    backend.create_log_group(f"/bench/log-group-{i:07d}", tags={})
print(f"seeded {count} log groups in {time.time() - started:.2f} s", flush=True)
main(["-p", port])
