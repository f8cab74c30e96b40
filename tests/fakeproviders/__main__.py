"""Run one fake provider on loopback until Ctrl-C: ``uv run python -m tests.fakeproviders fal``."""

from __future__ import annotations

import argparse
import time

from tests.fakeproviders import APPS, base_url, start
from tests.fakeproviders.common import FakeState
from tools.providers.declared import PROVIDERS


def main() -> None:
    """Start the fake and print the environment that points ``studio`` at it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("provider", choices=sorted(APPS))
    parser.add_argument("--latency", type=float, default=1.0, help="seconds each job runs")
    parser.add_argument("--concurrency", type=int, default=4, help="jobs running at once")
    args = parser.parse_args()
    declared = PROVIDERS[args.provider]
    key_var, url_var = declared.key_env, declared.base_url_env
    with start(args.provider, FakeState(latency_s=args.latency, concurrency=args.concurrency)) as server:
        print(f"fake {args.provider} listening; in another shell:")
        switch = f" {declared.switch_env}=1" if declared.switch_env else ""
        print(f"  export {key_var}=fake-key {url_var}={base_url(args.provider, server)}{switch}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
