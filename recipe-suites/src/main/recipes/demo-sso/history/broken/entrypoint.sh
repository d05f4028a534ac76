#!/bin/sh
# Broken on purpose (sandbox "a dependency that does not deploy"): exits at every start.
echo "demo-sso: fatal: broken release" >&2
exit 1
