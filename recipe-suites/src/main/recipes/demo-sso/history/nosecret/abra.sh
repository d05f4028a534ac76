export ENTRYPOINT_VERSION=v0-nosecret

# The recipe version the SSO reports on /version.txt.
export DEMO_VERSION=0.2.0+nosecret
