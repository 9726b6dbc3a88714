"""Fetch the JavaScript libraries inlined in the large maps from the npm registry.

    python scripts/vendor_js.py

Downloads each package tarball, checks it against the sha512 integrity the registry
publishes (and the one pinned here), and writes the minified build and the licence to
partenariat/export/static/vendor/. Run it only to change a version; the files are committed.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "partenariat" / "export" / "static" / "vendor"
REGISTRY = "https://registry.npmjs.org"
#: package, version, file in the tarball, name written, sha512 integrity of the tarball.
PACKAGES = (
    (
        "sigma",
        "3.0.2",
        "package/dist/sigma.min.js",
        "sigma-3.0.2.min.js",
        "sha512-/BUbeOwPGruiBOm0YQQ6ZMcLIZ6tf/W+Jcm7dxZyAX0tK3WP9/sq7/NAWBxPIxVahdGjCJoGwej0Gdrv0DxlQQ==",
    ),
    (
        "graphology",
        "0.26.0",
        "package/dist/graphology.umd.min.js",
        "graphology-0.26.0.umd.min.js",
        "sha512-8SSImzgUUYC89Z042s+0r/vMibY7GX/Emz4LDO5e7jYXhuoWfHISPFJYjpRLUSJGq6UQ6xlenvX1p/hJdfXuXg==",
    ),
)


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        data: bytes = response.read()
    return data


def main() -> None:
    licences = []
    for name, version, member, written, pinned in PACKAGES:
        meta = json.loads(fetch(f"{REGISTRY}/{name}/{version}"))
        if meta["dist"]["integrity"] != pinned:
            raise SystemExit(f"{name}@{version}: the registry's integrity is not the pinned one")
        tarball = fetch(meta["dist"]["tarball"])
        digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()
        if digest != pinned:
            raise SystemExit(f"{name}@{version}: the tarball does not match its integrity")
        with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
            build = archive.extractfile(member)
            licence = archive.extractfile("package/LICENSE.txt")
            assert build is not None
            assert licence is not None
            (TARGET / written).write_bytes(build.read())
            licences.append(
                f"{name} {version} (npm: {name}@{version}, {member.removeprefix('package/')})"
                f"\n\n{licence.read().decode('utf-8').strip()}\n"
            )
        print(f"{name}@{version} -> {TARGET / written}")
    (TARGET / "LICENSES.txt").write_text("\n----\n\n".join(licences), encoding="utf-8")


if __name__ == "__main__":
    main()
