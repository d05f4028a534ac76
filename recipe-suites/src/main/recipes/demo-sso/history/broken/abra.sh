export ENTRYPOINT_VERSION=v0-broken

# The recipe version the SSO reports on /version.txt.
export DEMO_VERSION=0.1.0+broken
