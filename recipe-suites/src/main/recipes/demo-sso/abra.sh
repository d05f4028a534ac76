export ENTRYPOINT_VERSION=v1

# The recipe version the SSO reports on /version.txt.
export DEMO_VERSION=1.0.0+1.0
