"""Trunk post-build hook: puts the sha256 of every inline <script> of the built
index.html into its Content-Security-Policy, so the policy can forbid every
other inline script."""
import base64
import hashlib
import os
import re
import sys

staging = os.environ.get("TRUNK_STAGING_DIR", "dist")
path = os.path.join(staging, "index.html")
with open(path, encoding="utf-8") as f:
    html = f.read()
scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
hashes = " ".join(
    "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
    for s in scripts
)
if "__INLINE_SCRIPT_HASHES__" not in html:
    sys.exit("csp.py: no __INLINE_SCRIPT_HASHES__ placeholder in index.html")
html = html.replace("__INLINE_SCRIPT_HASHES__", hashes)
with open(path, "w", encoding="utf-8") as f:
    f.write(html)
print(f"csp.py: {len(scripts)} inline script(s) hashed into the Content-Security-Policy")
